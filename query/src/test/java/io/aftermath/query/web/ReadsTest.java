package io.aftermath.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import io.aftermath.query.progress.Freshness;
import io.aftermath.query.progress.LogLag;
import io.aftermath.query.support.Defaults;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreSight;

import reactor.test.StepVerifier;

class ReadsTest {

    private final Freshness freshness = new Freshness();
    private final StoreSight store = mock(StoreSight.class);
    private final AtomicLong nanos = new AtomicLong();
    private final LogLag lag = new LogLag(Duration.ofSeconds(3), nanos::get);
    private final Reads reads = new Reads(freshness, Defaults.properties(), store,
            new StoreReads(store, new CuttableReads(store::inSight), Defaults.properties()), lag);

    /** Regression: triage, answered from this node's memory, looked current while the store was out of sight. */
    @Test
    void a_read_answered_while_the_store_is_out_of_sight_is_stale() {
        when(store.inSight()).thenReturn(false);

        StepVerifier.create(reads.answer(Reads.Source.NODE, 0, () -> 7, () -> false, () -> CompletableFuture.completedFuture("q")))
                .assertNext(response -> {
                    assertThat(response.getHeaders().getFirst(Reads.STALE)).isEqualTo("true");
                    assertThat(response.getHeaders().getFirst(Reads.READ_POSITION)).isEqualTo("7");
                    assertThat(response.getBody()).isEqualTo("q");
                })
                .verifyComplete();
    }

    /**
     * Regression (tester 155): a projection whose processor died with its node stood still for a claim timeout while
     * writes went on, and reads naming no position answered it as current.
     */
    @Test
    void a_read_of_a_projection_behind_what_the_node_read_of_the_log_seconds_ago_is_stale() {
        when(store.inSight()).thenReturn(true);
        lag.observe(10);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        lag.observe(12);

        assertThat(answeredAt(9).getHeaders().getFirst(Reads.STALE)).isEqualTo("true");
        assertThat(answeredAt(10).getHeaders().containsKey(Reads.STALE))
                .as("behind only what the node read less than stale-after ago").isFalse();
    }

    private ResponseEntity<String> answeredAt(long served) {
        return reads.answer(Reads.Source.NODE, 0, () -> served, () -> false,
                () -> CompletableFuture.completedFuture("q")).block();
    }

    /** Regression: a read that waited while a rebuild ended said it was rebuilding, as things stood when it came. */
    @Test
    void a_read_says_whether_the_projection_is_rebuilding_as_it_stands_when_answered() {
        AtomicLong served = new AtomicLong(3);
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        when(store.inSight()).thenReturn(true);

        StepVerifier.create(reads.answer(Reads.Source.NODE, 5, served::get, rebuilding::get, () -> CompletableFuture.completedFuture("q")))
                .then(() -> {
                    served.set(5);
                    rebuilding.set(false);
                    freshness.signal();
                })
                .assertNext(response -> {
                    assertThat(response.getHeaders().getFirst(Reads.READ_POSITION)).isEqualTo("5");
                    assertThat(response.getHeaders().containsKey(Reads.STALE)).isFalse();
                    assertThat(response.getHeaders().containsKey(Reads.REBUILDING)).isFalse();
                })
                .verifyComplete();
    }

    /** Before, the 404 of a read whose wait timed out carried neither header, so it looked like a fact. */
    @Test
    void a_read_that_finds_nothing_after_waiting_in_vain_is_refused_as_stale() {
        when(store.inSight()).thenReturn(true);
        MockServerHttpResponse response = new MockServerHttpResponse();

        StepVerifier.withVirtualTime(() -> reads.answerFound(Reads.Source.STORE, 9, () -> 4, () -> false,
                        () -> CompletableFuture.completedFuture(Optional.empty()),
                        () -> new DomainRejection(ErrorCode.TICKET_NOT_FOUND, "No ticket t-1"), response))
                .thenAwait(Defaults.properties().readYourWrites().timeout())
                .expectError(DomainRejection.class)
                .verify();
        assertThat(response.getHeaders().getFirst(Reads.STALE)).isEqualTo("true");
        assertThat(response.getHeaders().getFirst(Reads.READ_POSITION)).isEqualTo("4");
    }

    @Test
    void a_stream_waits_for_the_larger_of_after_and_last_event_id() {
        assertThat(Reads.after("5", null, "9")).isEqualTo(9);
        assertThat(Reads.after(null, "12", "9")).isEqualTo(12);
        assertThat(Reads.after(null, null, " 7 ")).isEqualTo(7);
        assertThat(Reads.after(null, null, null)).isZero();
    }

    /** Before: the parameter won even when lower, so the read answered at once without the write. */
    @Test
    void a_read_waits_for_the_larger_of_the_parameter_and_the_header() {
        assertThat(Reads.after("1", "1000")).isEqualTo(1000);
        assertThat(Reads.after("1000", "1")).isEqualTo(1000);
        assertThat(Reads.after(null, "7")).isEqualTo(7);
        assertThat(Reads.after("7", null)).isEqualTo(7);
        assertThat(Reads.after(null, null)).isZero();
        assertThat(Reads.after("1", "12", "9")).as("a stream too").isEqualTo(12);
    }

    /**
     * Regression: the parameter came through Spring's number conversion, which read these as 16, 16, 5 and 5, and
     * {@link Long#parseLong} took the header's sign. A space around a header's value is HTTP's, so only the
     * parameter refuses " 5", which is how an unencoded "+5" arrives.
     */
    @Test
    void the_parameter_is_decimal_digits_as_the_headers_are() {
        for (String malformed : new String[] {"0x10", "#10", "+5", " 5", "-0", "\u0665"}) {
            assertThatThrownBy(() -> Reads.after(malformed, null)).as(malformed)
                    .isInstanceOfSatisfying(InvalidParameter.class, refused -> assertThat(refused.getMessage())
                            .isEqualTo("after must be a ledger position (0 or more)"));
            if (!malformed.startsWith(" ")) {
                assertThatThrownBy(() -> Reads.after(null, malformed)).as(malformed)
                        .isInstanceOfSatisfying(InvalidParameter.class, refused -> assertThat(refused.getMessage())
                                .isEqualTo("X-Aftermath-After must be a ledger position (0 or more)"));
            }
        }
        assertThat(Reads.after("0", null)).isZero();
        assertThat(Reads.after("", null)).isZero();
    }

    @Test
    void a_header_that_is_not_a_position_is_refused_by_its_name_even_beside_the_parameter() {
        for (String malformed : new String[] {"abc", "-1", "1.5"}) {
            assertThatThrownBy(() -> Reads.after("5", malformed)).as(malformed)
                    .isInstanceOfSatisfying(InvalidParameter.class,
                            refused -> assertThat(refused.parameter()).isEqualTo("X-Aftermath-After"));
        }
    }

    @Test
    void a_last_event_id_that_is_not_a_position_is_refused_by_its_name() {
        for (String malformed : new String[] {"abc", "-1", "1.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> Reads.after(null, null, malformed)).as(malformed)
                    .isInstanceOfSatisfying(InvalidParameter.class,
                            refused -> assertThat(refused.parameter()).isEqualTo("Last-Event-ID"));
        }
    }
}
