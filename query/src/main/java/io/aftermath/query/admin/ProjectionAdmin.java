package io.aftermath.query.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private final ProjectionProgress progress;
    private final ProjectionRebuilds rebuilds;
    private final MongoLedgerStorageEngine engine;
    private final TriageIndex triageIndex;
    private final ReaderObstacles obstacles;

    public ProjectionAdmin(ProjectionProgress progress, ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine,
                           TriageIndex triageIndex, ReaderObstacles obstacles) {
        this.progress = progress;
        this.rebuilds = rebuilds;
        this.engine = engine;
        this.triageIndex = triageIndex;
        this.obstacles = obstacles;
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
            // A worker in Axon's retry mode has let its claim go, and another node may be working the segment
            // meanwhile: not local (tester 151 saw two nodes local for one segment after the store came back).
            segments.add(status == null || status.isErrorState()
                    ? new ProjectionStatus.SegmentStatus(segment, position, false, false, status != null, owner)
                    : new ProjectionStatus.SegmentStatus(segment, Positions.processedBefore(status.getTrackingToken()),
                            true, status.isReplaying(), false, owner));
        }
        boolean rebuilding = progress.rebuilding(name);
        double rebuildProgress = rebuilds.progressOf(name, rebuilding);
        // Triage is read from each node's in-memory index, which follows the projection.
        long served = ProjectionNames.TRIAGE.equals(name)
                ? Math.min(progress.served(name), triageIndex.position()) : progress.served(name);
        // No position shown beyond the head shown (tester 91 saw position 41716 and served 41739 with head 41662).
        long head = Math.max(headRead, Math.max(position, Math.max(served, segments.stream()
                .mapToLong(ProjectionStatus.SegmentStatus::position).max().orElse(0))));
        Optional<LedgerObstacle> obstacle = obstacles.holding(name, position, head);
        return new ProjectionStatus(name, position, served, head, Math.max(0, head - position),
                state(processor, rebuilding, segments), rebuilding, rebuildProgress, segments,
                LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MISSING).orElse(null),
                LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MALFORMED).orElse(null));
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
