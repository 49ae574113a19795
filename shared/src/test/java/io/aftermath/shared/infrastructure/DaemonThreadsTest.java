package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void a_scheduler_runs_its_tasks_on_one_daemon_thread_of_the_given_name() throws Exception {
        ScheduledExecutorService scheduler = DaemonThreads.scheduler("rounds");
        try {
            Thread first = scheduler.submit(Thread::currentThread).get();
            Thread second = scheduler.submit(Thread::currentThread).get();

            assertThat(first).isSameAs(second);
            assertThat(first.getName()).isEqualTo("rounds");
            assertThat(first.isDaemon()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void numbered_threads_are_told_apart() {
        ThreadFactory pool = DaemonThreads.numbered("pool");

        assertThat(pool.newThread(() -> { }).getName()).isEqualTo("pool-1");
        Thread second = pool.newThread(() -> { });
        assertThat(second.getName()).isEqualTo("pool-2");
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void a_started_thread_is_a_daemon_running_the_task() throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();

        Thread started = DaemonThreads.start("once", () -> ran.complete(Thread.currentThread()));

        assertThat(ran.get()).isSameAs(started);
        assertThat(started.getName()).isEqualTo("once");
        assertThat(started.isDaemon()).isTrue();
    }
}
