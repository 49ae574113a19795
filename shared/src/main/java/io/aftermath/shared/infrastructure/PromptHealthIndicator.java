package io.aftermath.shared.infrastructure;

import java.time.Duration;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A blocking health check answered by a deadline. When the store dies while the driver still sees it, a
 * read fails and the driver retries it through a whole server selection (30 s): longer than a load
 * balancer or Compose waits for a probe, which then records a timeout instead of the DOWN it should see.
 * The check runs on Reactor's bounded elastic threads and may go on there after the deadline; the answer
 * does not wait for it.
 */
public final class PromptHealthIndicator implements ReactiveHealthIndicator {

    /** Well inside the 10 s the Compose file's health checks wait. */
    public static final Duration DEADLINE = Duration.ofSeconds(3);

    private final HealthIndicator check;
    private final Duration deadline;
    private final Health late;

    /** @param late the answer when the check has not finished by the deadline */
    public PromptHealthIndicator(HealthIndicator check, Duration deadline, Health late) {
        this.check = check;
        this.deadline = deadline;
        this.late = late;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(check::health).subscribeOn(Schedulers.boundedElastic())
                .timeout(deadline, Mono.just(late));
    }
}
