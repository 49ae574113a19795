package io.aftermath.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.support.Defaults;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.query.Timeline;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class KnownReleasesTest {

    private static final long HEAD = 42;

    private final QueryGateway queries = mock(QueryGateway.class);
    private final Reads reads = mock(Reads.class);
    private final StoreSight store = mock(StoreSight.class);
    private final MongoLedgerStorageEngine ledger = mock(MongoLedgerStorageEngine.class);
    private final KnownReleases releases = new KnownReleases(queries, reads,
            new StoreReads(store, new CuttableReads(store::inSight), Defaults.properties()), mock(ProjectionProgress.class), ledger);

    KnownReleasesTest() {
        when(ledger.head()).thenReturn(HEAD);
        when(store.inSight()).thenReturn(true);
        when(reads.caughtUp(eq(0L), any())).thenReturn(Mono.just(true));
    }

    /** Regression: a queue read right after registering its release was 404 while the timelines lagged. */
    @Test
    void a_release_the_timelines_have_yet_to_see_is_looked_up_again_once_they_reach_the_head() {
        timelines(Optional.empty(), Optional.of(new Timeline("pay@1.0.0", List.of("pay@1.0.0"), List.of(), null)));
        when(reads.caughtUp(eq(HEAD), any())).thenReturn(Mono.just(true));

        StepVerifier.create(releases.require("pay@1.0.0")).expectNext(true).verifyComplete();
        verify(reads).caughtUp(eq(HEAD), any());
    }

    @Test
    void a_release_unknown_at_the_head_is_refused() {
        timelines(Optional.empty(), Optional.empty());
        when(reads.caughtUp(eq(HEAD), any())).thenReturn(Mono.just(true));

        StepVerifier.create(releases.require("nope@9.9"))
                .expectErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                        .isEqualTo(ErrorCode.RELEASE_NOT_FOUND))
                .verify();
    }

    /** Timelines that cannot reach the head in time cannot tell: the read goes on, marked stale, not refused. */
    @Test
    void a_release_unknown_while_the_timelines_cannot_reach_the_head_is_stale_rather_than_refused() {
        timelines(Optional.empty(), Optional.empty());
        when(reads.caughtUp(eq(HEAD), any())).thenReturn(Mono.just(false));

        StepVerifier.create(releases.require("pay@2.0.0")).expectNext(false).verifyComplete();
    }

    @Test
    void a_known_release_costs_no_head_read() {
        timelines(Optional.of(new Timeline("pay@1.0.0", List.of("pay@1.0.0"), List.of(), null)));

        StepVerifier.create(releases.require("pay@1.0.0")).expectNext(true).verifyComplete();
        verify(ledger, never()).head();
        verify(reads, never()).caughtUp(eq(HEAD), any());
    }

    @SafeVarargs
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void timelines(Optional<Timeline> first, Optional<Timeline>... then) {
        CompletableFuture[] later = new CompletableFuture[then.length];
        for (int i = 0; i < then.length; i++) {
            later[i] = CompletableFuture.completedFuture(then[i]);
        }
        when(queries.query(any(), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(first), later);
    }
}
