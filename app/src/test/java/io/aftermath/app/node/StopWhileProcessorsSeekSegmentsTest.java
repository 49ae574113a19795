package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.FreezingProxy;

/**
 * Tester 70: a node stopped as its store went logged Axon's {@code Failed to stop bean 'springAxonConfiguration'}
 * with a {@code ProcessRetriesExhaustedException} stack. A processor without a segment (all of them on a second
 * query node, whose first holds them) asks the store every second for one to claim, and Axon's stop waits only a
 * second for that search to end; one blocked on a hanging store's socket ends at the read timeout, so the stop
 * threw, and Axon skipped the rest of its shutdown, the other processors' included.
 */
@ExtendWith(OutputCaptureExtension.class)
class StopWhileProcessorsSeekSegmentsTest {

    @TempDir
    Path dir;

    @Test
    void a_node_whose_processors_seek_segments_from_a_hanging_store_stops_cleanly(CapturedOutput output)
            throws Exception {
        try (SeparateStore store = SeparateStore.inMemory(); FreezingProxy proxy = FreezingProxy.to(store.port());
             AppNode holder = AppNode.start(dir.resolve("holder"), AppNode.arguments(
                     "--aftermath.mongo.uri=" + store.uri(), "--aftermath.roles=query"))) {
            AppNode seeker = AppNode.start(dir.resolve("seeker"), AppNode.arguments(
                    "--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port(), "--aftermath.roles=query",
                    "--aftermath.mongo.read-timeout=60s"));
            try {
                proxy.freeze();
                await().atMost(Duration.ofSeconds(30)).until(StopWhileProcessorsSeekSegmentsTest::seekingSegments);
            } finally {
                seeker.close();
                proxy.thaw();
            }
        }

        assertThat(output.getAll()).doesNotContain("Failed to stop bean")
                .doesNotContain("ProcessRetriesExhaustedException");
    }

    /** A search for segments to claim waiting for the hanging store's answer. */
    private static boolean seekingSegments() {
        return Thread.getAllStackTraces().values().stream().map(Arrays::asList).anyMatch(stack ->
                stack.stream().anyMatch(frame -> frame.getClassName().endsWith("LedgerTokenStore")
                        && frame.getMethodName().matches("fetch(Available)?Segments"))
                        && stack.stream().anyMatch(frame -> frame.getMethodName().equals("read")
                        && frame.getClassName().contains("Socket")));
    }
}
