package io.aftermath.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problems;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

class CommandSchedulerTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Scheduler scheduler = new CommandWebConfiguration()
            .commandScheduler(new CommandProperties(2, 1, 3, Duration.ofMillis(20)));

    @AfterEach
    void stop() {
        release.countDown();
        scheduler.dispose();
    }

    @Test
    void the_queue_bounds_the_waiting_commands_of_the_whole_node_not_of_each_thread() {
        blocked("running 1").subscribe();
        blocked("running 2").subscribe();
        CompletableFuture<String> queued = blocked("waiting").toFuture();

        StepVerifier.create(blocked("one too many"))
                .expectErrorSatisfies(refused -> {
                    assertThat(refused).isInstanceOf(RejectedExecutionException.class);
                    assertThat(Problems.of(refused).code()).isEqualTo(ErrorCode.OVERLOADED);
                })
                .verify(Duration.ofSeconds(5));

        release.countDown();
        assertThat(queued).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("waiting");
    }

    private Mono<String> blocked(String name) {
        return Mono.fromCallable(() -> {
            release.await();
            return name;
        }).subscribeOn(scheduler);
    }
}
