package io.aftermath.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import io.aftermath.query.live.TriageStreams;
import io.aftermath.query.progress.Freshness;
import io.aftermath.query.progress.LogLag;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.support.Defaults;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.query.TriageQueue;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The queue of a release without open tickets, as far as {@link KnownReleases} can tell in time. */
class TriageControllerTest {

    private static final MockServerHttpRequest REQUEST = MockServerHttpRequest.get("/api/triage").build();
    private static final MockServerHttpResponse RESPONSE = new MockServerHttpResponse();
    private static final TriageQueue EMPTY = new TriageQueue(List.of(), 0, Instant.EPOCH);

    private final QueryGateway queries = mock(QueryGateway.class);
    private final StoreSight store = mock(StoreSight.class);
    private final TriageIndex index = mock(TriageIndex.class);
    private final KnownReleases releases = mock(KnownReleases.class);
    private final TriageController controller = new TriageController(queries,
            new Reads(new Freshness(), Defaults.properties(), store, new StoreReads(store, new CuttableReads(store::inSight), Defaults.properties()),
                    new LogLag(Defaults.properties())),
            index, mock(TriageStreams.class), mock(ProjectionProgress.class), releases, store, Defaults.properties());

    TriageControllerTest() {
        when(store.inSight()).thenReturn(true);
        when(index.queue(any(), any(), eq(1))).thenReturn(EMPTY);
        when(queries.query(any(), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(EMPTY));
    }

    /** Regression: the timelines' "cannot tell in time" was dropped, and the empty queue looked current. */
    @Test
    void an_empty_queue_of_a_release_the_timelines_could_not_confirm_in_time_is_stale() {
        when(releases.require("pay@2.0.0")).thenReturn(Mono.just(false));

        StepVerifier.create(controller.queue("pay@2.0.0", null, null, null, null, null, null, REQUEST, RESPONSE))
                .assertNext(answer -> assertThat(answer.getHeaders().get(Reads.STALE)).containsExactly("true"))
                .verifyComplete();
    }

    /**
     * Tester 56: out of sight, the timelines cannot be asked; the lookup waited out the driver's 30 s and was
     * 503, where the queue of a release with open tickets answered at once. It answers as stale.
     */
    @Test
    void while_the_store_is_out_of_sight_a_release_without_open_tickets_is_an_empty_stale_queue() {
        when(store.inSight()).thenReturn(false);

        StepVerifier.create(controller.queue("pay@3.0.0", null, null, null, null, null, null, REQUEST, RESPONSE))
                .assertNext(answer -> {
                    assertThat(answer.getHeaders().get(Reads.STALE)).containsExactly("true");
                    assertThat(answer.getBody().items()).isEmpty();
                })
                .verifyComplete();
        verify(releases, never()).require(any());
    }

    /** The queue has waited for {@code after} itself: the release is asked about as things stand, not again. */
    @Test
    void a_confirmed_release_answers_as_current_and_is_asked_about_without_a_second_wait() {
        when(releases.require("pay@1.0.0")).thenReturn(Mono.just(true));
        when(index.position()).thenReturn(100L);

        StepVerifier.create(controller.queue("pay@1.0.0", null, null, null, null, "42", null, REQUEST, RESPONSE))
                .assertNext(answer -> assertThat(answer.getHeaders().get(Reads.STALE)).isNull())
                .verifyComplete();
        verify(releases).require("pay@1.0.0");
    }
}
