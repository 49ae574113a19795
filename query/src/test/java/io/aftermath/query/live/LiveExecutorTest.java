package io.aftermath.query.live;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LiveExecutorTest {

    /** Tester 41: an OutOfMemoryError in one tick ended the live loop for good, every stream frozen. */
    @Test
    void a_task_that_fails_with_an_error_runs_again_at_its_next_turn() throws Exception {
        LiveExecutor live = new LiveExecutor();
        AtomicInteger runs = new AtomicInteger();
        try {
            live.every(1, () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new OutOfMemoryError("Java heap space (thrown by the test)");
                }
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        } finally {
            live.destroy();
        }
    }
}
