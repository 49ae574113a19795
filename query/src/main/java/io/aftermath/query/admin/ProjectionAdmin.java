package io.aftermath.query.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
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

    private static final long REPLAY_STALLED_MILLIS = 1_000;

    private final ProjectionProgress progress;
    private final ProjectionRebuilds rebuilds;
    private final MongoLedgerStorageEngine engine;
    private final TriageIndex triageIndex;
    private final Map<String, ReplaySeen> replaysSeen = new ConcurrentHashMap<>();

    public ProjectionAdmin(ProjectionProgress progress, ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine,
                           TriageIndex triageIndex) {
        this.progress = progress;
        this.rebuilds = rebuilds;
        this.engine = engine;
        this.triageIndex = triageIndex;
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

    private ProjectionStatus status(String name, long head) {
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
        // A rebuild's replay stops at such a commit while the live processor, past it, goes on: the rebuild is held.
        Optional<LedgerObstacle> obstacle = obstacleAt(position, head).or(() -> rebuilding
                ? replayObstacle(name, position) : Optional.empty());
        return new ProjectionStatus(name, position, served, head, Math.max(0, head - position),
                state(processor, rebuilding, segments), rebuilding, rebuilds.progressOf(name), segments,
                LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MISSING).orElse(null),
                LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MALFORMED).orElse(null));
    }

    /**
     * Why a rebuild's replay stands still, asked only once it has stood at one position for a second: a replay is
     * always behind the live processor, and the question reads up to a thousand commits (tester 88: a rebuild's
     * 202 took 3–25 s and each status 0.8–4.6 s on a loaded machine while every status asked it).
     */
    private Optional<LedgerObstacle> replayObstacle(String name, long live) {
        long replayed = progress.rebuilt(name);
        long now = System.currentTimeMillis();
        ReplaySeen seen = replaysSeen.compute(name, (key, before) -> before != null && before.position() == replayed
                ? before : new ReplaySeen(replayed, now));
        return now - seen.since() >= REPLAY_STALLED_MILLIS ? obstacleAt(replayed, live) : Optional.empty();
    }

    private record ReplaySeen(long position, long since) {
    }

    /**
     * A processor never skips a position, so a commit the log lacks, or one it cannot read, stops it for
     * good, its lag growing; this says why. Asked only of a reader behind what it reads toward: a few keyed reads.
     */
    private Optional<LedgerObstacle> obstacleAt(long position, long toward) {
        return position >= toward ? Optional.empty() : engine.obstacleAt(position);
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
