package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;

import io.aftermath.shared.infrastructure.NodeStop;

class SegmentSearchesTest {

    private final NodeStop stop = new NodeStop();
    private final SegmentSearches searches = new SegmentSearches(stop);
    /** A store call that waits until the test ends, as one on a hanging store's socket does. */
    private final CountDownLatch storeHangs = new CountDownLatch(1);
    private final AtomicInteger callsWaiting = new AtomicInteger();

    @AfterEach
    void thaw() {
        storeHangs.countDown();
    }

    @Test
    void while_the_node_runs_searches_answer_what_the_store_does() {
        GlobalSequenceTrackingToken token = new GlobalSequenceTrackingToken(7);

        assertThat(searches.segments("triage", () -> new int[] {0, 1})).containsExactly(0, 1);
        assertThat(searches.available(() -> List.of(Segment.ROOT_SEGMENT))).containsExactly(Segment.ROOT_SEGMENT);
        assertThat(searches.claim("triage", 0, () -> token)).isEqualTo(token);
    }

    @Test
    void a_store_failure_reaches_the_search_as_it_is() {
        MongoSocketReadTimeoutException timeout = new MongoSocketReadTimeoutException("Timeout while receiving message",
                new ServerAddress(), null);

        assertThatThrownBy(() -> searches.available(() -> {
            throw timeout;
        })).isSameAs(timeout);
    }

    @Test
    void searches_under_way_at_the_stop_find_nothing_to_claim_at_once() throws Exception {
        searches.segments("triage", () -> new int[] {0, 1});
        CompletableFuture<int[]> segments = CompletableFuture.supplyAsync(
                () -> searches.segments("triage", hanging(new int[] {0})));
        CompletableFuture<List<Segment>> available = CompletableFuture.supplyAsync(
                () -> searches.available(hanging(List.of(Segment.ROOT_SEGMENT))));
        CompletableFuture<Object> claim = CompletableFuture.supplyAsync(
                () -> searches.claim("triage", 0, hanging(new GlobalSequenceTrackingToken(1))));
        await().atMost(Duration.ofSeconds(10)).until(() -> callsWaiting.get() == 3);

        stop.begin();

        assertThat(segments.get(5, TimeUnit.SECONDS)).containsExactly(0, 1);
        assertThat(available.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> claim.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnableToClaimTokenException.class)
                .hasMessageContaining("This node is stopping: segment [0] of processor [triage] is left for the other nodes");
    }

    @Test
    void after_the_stop_no_search_asks_the_store() {
        stop.begin();

        assertThat(searches.segments("timelines", this::storeAsked)).containsExactly(0);
        assertThat(searches.available(this::storeAsked)).isEmpty();
        assertThatThrownBy(() -> searches.claim("timelines", 0, this::storeAsked))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    private <T> Supplier<T> hanging(T answer) {
        return () -> {
            callsWaiting.incrementAndGet();
            try {
                storeHangs.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        };
    }

    private <T> T storeAsked() {
        throw new AssertionError("the store was asked after the stop");
    }
}
