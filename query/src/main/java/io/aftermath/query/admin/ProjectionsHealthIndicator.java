package io.aftermath.query.admin;

import java.util.List;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.aftermath.shared.mongo.StoreSight;

/**
 * {@code /actuator/health} component "projections": DEGRADED while a processor stands at (or is bound
 * for) a position the log holds no commit at, with later commits settled beyond it (the rule of
 * {@link io.aftermath.shared.ledger.MongoLedgerStorageEngine#holeAt}), or a commit it cannot read as the
 * ledger writes it. Its read models can never catch up until an operator puts the commit back, yet they still answer, a little stale, and every node
 * reading the same log is stuck at the same position: taking the node out of rotation or restarting it
 * helps nothing. So DEGRADED ranks below DOWN and OUT_OF_SERVICE and answers 200 ({@code application.yml},
 * {@code management.endpoint.health.status}).
 */
class ProjectionsHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED",
            "A processor or a rebuild waits at a missing or malformed commit; reads are served, and stop advancing "
                    + "where a live processor waits (a rebuild's wait holds back only its switch)");

    private final ProjectionAdmin admin;
    private final StoreSight store;

    ProjectionsHealthIndicator(ProjectionAdmin admin, StoreSight store) {
        this.admin = admin;
        this.store = store;
    }

    /**
     * Whether the store answers is the ledger component's to say: a store out of sight or failing
     * leaves this one UNKNOWN, rather than adding a second DOWN or waiting out the driver's server
     * selection (30 s) to find the log's head.
     */
    @Override
    public Health health() {
        if (!store.inSight()) {
            return Health.unknown().withDetail("store", "out of sight: see the ledger component").build();
        }
        List<ProjectionStatus> stopped;
        try {
            stopped = admin.statuses().stream()
                    .filter(status -> status.missingCommitAt() != null || status.malformedCommitAt() != null).toList();
        } catch (RuntimeException unreadable) {
            return Health.unknown().withException(unreadable).build();
        }
        if (stopped.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder health = Health.status(DEGRADED);
        for (ProjectionStatus status : stopped) {
            health.withDetail(status.name(), stoppedAt(status));
        }
        return health.withDetail("verify", "GET /api/audit/verify names the commit; restore it from a backup "
                + "(README, Operations)").build();
    }

    private static Stopped stoppedAt(ProjectionStatus status) {
        return new Stopped(status.missingCommitAt(), status.malformedCommitAt(), status.position(), status.lag(),
                status.segments().stream().map(segment -> new Segment(segment.segment(), segment.position())).toList());
    }

    /**
     * One processor held by a missing or a malformed commit, as health shows it (naming only the one that
     * holds it); positions as in {@link ProjectionStatus}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stopped(Long missingCommitAt, Long malformedCommitAt, long position, long lag, List<Segment> segments) {
    }

    record Segment(int segment, long position) {
    }
}
