package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;

import reactor.core.publisher.Mono;

/**
 * A blocking health check answered by a deadline. When the store dies while the driver still sees it, a
 * read fails and the driver retries it through a whole server selection (30 s): longer than a load
 * balancer or Compose waits for a probe, which then records a timeout instead of the DOWN it should see.
 * <p>
 * One check at a time, on a thread of its own: a probe that comes while one is under way waits for that one
 * rather than starting another. Each used to take a thread of Reactor's shared pool and keep it after its
 * answer, up to the read timeout while the store hung, so probes every few seconds held several of the
 * threads that password checks use.
 */
public final class PromptHealthIndicator implements ReactiveHealthIndicator {

    /** Well inside the 10 s the Compose file's health checks wait. */
    public static final Duration DEADLINE = Duration.ofSeconds(3);

    private final HealthIndicator check;
    private final Duration deadline;
    private final Health late;
    private final AtomicReference<CompletableFuture<Health>> underWay = new AtomicReference<>();
    /** One check at a time is ever running, so one thread, let go while no probe comes. */
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), DaemonThreads.named("health-check"));

    /** @param late the answer when the check has not finished by the deadline */
    public PromptHealthIndicator(HealthIndicator check, Duration deadline, Health late) {
        this.check = check;
        this.deadline = deadline;
        this.late = late;
        thread.allowCoreThreadTimeOut(true);
    }

    @Override
    public Mono<Health> health() {
        // Cancelled at the deadline, this probe leaves the check to the probes that come after it.
        return Mono.fromFuture(this::joinOrStart, true).timeout(deadline, Mono.just(late));
    }

    private CompletableFuture<Health> joinOrStart() {
        CompletableFuture<Health> started = new CompletableFuture<>();
        CompletableFuture<Health> running = underWay.compareAndExchange(null, started);
        if (running != null) {
            return running;
        }
        thread.execute(() -> {
            try {
                started.complete(check.health());
            } catch (RuntimeException failure) {
                started.completeExceptionally(failure);
            } finally {
                underWay.compareAndSet(started, null);
            }
        });
        return started;
    }
}
