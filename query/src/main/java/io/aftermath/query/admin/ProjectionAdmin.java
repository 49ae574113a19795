package io.aftermath.query.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.LedgerObstacle;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/** What {@code /api/admin/projections} reports: each processor's position against the log's head. */
@Component
public class ProjectionAdmin {

    /** How long a reader's position must stand still before the store is asked again what holds it there. */
    private static final long STILL_MILLIS = 1_000;

    private final ProjectionProgress progress;
    private final ProjectionRebuilds rebuilds;
    private final MongoLedgerStorageEngine engine;
    private final TriageIndex triageIndex;
    private final LongSupplier clock;
    /** By reader (a processor, or a rebuild's replay): the position last seen, since when, and what held it there. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    @Autowired
    public ProjectionAdmin(ProjectionProgress progress, ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine,
                           TriageIndex triageIndex) {
        this(progress, rebuilds, engine, triageIndex, System::currentTimeMillis);
    }

    ProjectionAdmin(ProjectionProgress progress, ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine,
                    TriageIndex triageIndex, LongSupplier clock) {
        this.progress = progress;
        this.rebuilds = rebuilds;
        this.engine = engine;
        this.triageIndex = triageIndex;
        this.clock = clock;
    }

    public List<ProjectionStatus> statuses() {
        long head = engine.head();
        return ProjectionNames.ALL.stream().map(name -> status(name, head)).toList();
    }

    public ProjectionStatus status(String name) {
        if (!ProjectionNames.ALL.contains(name)) {
            throw new DomainRejection(ErrorCode.PROJECTION_NOT_FOUND, "No projection " + name);
        }
        return status(name, engine.head());
    }

    /** @param headRead the log's head, read before the positions, which may have passed it since */
    private ProjectionStatus status(String name, long headRead) {
        long position = progress.processed(name);
        StreamingEventProcessor processor = progress.processor(name).orElse(null);
        Map<Integer, EventTrackerStatus> local = processor == null ? Map.of() : processor.processingStatus();
        Map<Integer, String> claimants = progress.claimants(name);
        List<ProjectionStatus.SegmentStatus> segments = new ArrayList<>();
        for (int segment : progress.segments(name)) {
            EventTrackerStatus status = local.get(segment);
            String owner = claimants.get(segment);
            segments.add(status == null
                    ? new ProjectionStatus.SegmentStatus(segment, position, false, false, false, owner)
                    : new ProjectionStatus.SegmentStatus(segment, Positions.processedBefore(status.getTrackingToken()),
                            true, status.isReplaying(), status.isErrorState(), owner));
        }
        boolean rebuilding = progress.rebuilding(name);
        // Triage is read from each node's in-memory index, which follows the projection.
        long served = ProjectionNames.TRIAGE.equals(name)
                ? Math.min(progress.served(name), triageIndex.position()) : progress.served(name);
        // No position shown beyond the head shown (tester 91 saw position 41716 and served 41739 with head 41662).
        long head = Math.max(headRead, Math.max(position, Math.max(served, segments.stream()
                .mapToLong(ProjectionStatus.SegmentStatus::position).max().orElse(0))));
        // A rebuild's replay stops at such a commit while the live processor, past it, goes on: the rebuild is held.
        Optional<LedgerObstacle> obstacle = obstacle(name, position, head).or(() -> rebuilding
                ? obstacle(name + " replay", progress.rebuilt(name), position) : Optional.empty());
        return new ProjectionStatus(name, position, served, head, Math.max(0, head - position),
                state(processor, rebuilding, segments), rebuilding, rebuilds.progressOf(name), segments,
                LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MISSING).orElse(null),
                LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MALFORMED).orElse(null));
    }

    /**
     * Why a reader behind what it reads toward (the log's head, or for a rebuild's replay the live processor) stands
     * still: a commit the log lacks, or one it cannot read, stops a processor for good, as it never skips a position.
     * The question reads up to 4,096 events, so it is asked the first time a reader is seen, then only of one that
     * has stood at its position for a second: one that moves is held by nothing (tester 91: five lagging readers
     * asked it on every status, which took up to 25 s on a loaded node, and a rebuild's 202, which carries one, 1–9
     * s; tester 88 saw the same of replays). Meanwhile the last answer for the position stands.
     */
    private Optional<LedgerObstacle> obstacle(String reader, long position, long toward) {
        if (position >= toward) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Seen last = seen.get(reader);
        if (last != null && last.position() != position) {
            seen.put(reader, new Seen(position, now, Optional.empty()));
            return Optional.empty();
        }
        if (last != null && now - last.since() < STILL_MILLIS) {
            return last.obstacle();
        }
        Optional<LedgerObstacle> found = engine.obstacleAt(position);
        seen.put(reader, new Seen(position, now, found));
        return found;
    }

    private record Seen(long position, long since, Optional<LedgerObstacle> obstacle) {
    }

    private static String state(StreamingEventProcessor processor, boolean rebuilding,
                                List<ProjectionStatus.SegmentStatus> segments) {
        if (segments.stream().anyMatch(ProjectionStatus.SegmentStatus::error)) {
            return "error";
        }
        if (rebuilding) {
            return "rebuilding";
        }
        if (processor == null || !processor.isRunning()) {
            return "stopped";
        }
        return processor.isReplaying() ? "replaying" : "running";
    }
}
