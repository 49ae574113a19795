package io.aftermath.query.audit;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.bson.BsonInvalidOperationException;
import org.bson.BsonSerializationException;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.web.ReleaseIdParameter;
import io.aftermath.query.web.StoreReads;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.BrokenLink;
import io.aftermath.shared.ledger.Checkpoint;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.StoredEvent;
import io.aftermath.shared.ledger.VerificationReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/audit/verify}: recomputes the hash chains from the raw documents, for the whole
 * log or for the streams of one release (the release, its hotfixes and their tickets).
 */
@RestController
class AuditController {

    private final LedgerEvents ledger;
    private final LedgerVerifier verifier;
    private final StoreReads storeReads;

    AuditController(LedgerEvents ledger, MongoDatabase database, StoreReads storeReads) {
        this.ledger = ledger;
        this.storeReads = storeReads;
        this.verifier = new LedgerVerifier(database);
    }

    /**
     * @param voidPositions whole log only (a release's streams hold no voids): null for a release
     * @param inFlightAt whole log only: the check ended at this position, empty behind a commit recorded
     *                   less than 5 s before (perhaps one still being written); null when it reached the head
     * @param checkpoint whole log only, when intact: the digest of the log before where the check ended, to
     *                   keep outside the store and check against later
     */
    record Verification(
            @Nullable String releaseId,
            List<String> streams,
            long commitsChecked,
            long eventsChecked,
            @Nullable Long voidPositions,
            boolean intact,
            @Nullable BrokenLink firstBrokenLink,
            @Nullable Long inFlightAt,
            @Nullable Checkpoint checkpoint) {
    }

    @GetMapping(path = "/api/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Verify the hash chains from the raw documents: of a release, or of the whole log",
            description = "Recomputes the chains and answers what it checked, whether the log is intact and its first "
                    + "broken link; a missing commit (a later one exists, recorded over 5 s before) is intact false, "
                    + "naming it. The whole-log check ends where a position is still empty behind a commit recorded "
                    + "less than 5 s before: intact then covers the log before it and inFlightAt names the position "
                    + "(ask again). An unknown releaseId in a log without a hole is 404 RELEASE_NOT_FOUND. Intact means "
                    + "the stored documents agree with each other; whoever can write to the store can recompute them "
                    + "all. The whole-log answer's checkpoint, kept outside the store and given back as position and "
                    + "digest, is what such a rewrite cannot match")
    // Declaring one response makes springdoc drop the default 200, so both are named.
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "RELEASE_NOT_FOUND: releaseId names no release in the log (a log "
            + "with a hole answers 200, intact false, naming the hole, since the release may lie beyond it)")
    Mono<Verification> verify(@Parameter(description = "Only the streams of this release (service@version): the "
                                      + "release, its hotfixes and their tickets. Without it, the whole log. A value "
                                      + "no release could be named by (not service@version of the characters a "
                                      + "registration allows, or a comma) is 400")
                              @RequestParam(required = false) String releaseId,
                              @Parameter(description = "Whole log only: check the log before this position, and "
                                      + "answer its checkpoint")
                              @RequestParam(required = false) Long position,
                              @Parameter(description = "With position: the digest of a checkpoint kept outside the "
                                      + "store. A log whose events before position do not digest to it, or that ends "
                                      + "before position, is intact false")
                              @RequestParam(required = false) String digest) {
        String release = ReleaseIdParameter.single(releaseId, "verify one release at a time, or the whole log");
        CheckpointCheck checkpoint = CheckpointCheck.of(position, digest, release);
        return storeReads.call(() -> release == null ? all(checkpoint) : release(release));
    }

    /** The head is read first: a commit written during the check lies past it, one removed before it shows. */
    private Verification all(CheckpointCheck checkpoint) {
        long head = ledger.head();
        VerificationReport report = verifier.verifyBefore(checkpoint.end());
        return result(null, List.of(), checkpoint.judge(report).endingBefore(Math.min(head, checkpoint.end())));
    }

    private Verification release(String releaseId) {
        ReleaseStreams streams = new ReleaseStreams(releaseId);
        long reached = 0;
        Optional<BrokenLink> stop = Optional.empty();
        try (Stream<StoredEvent> log = ledger.before(Long.MAX_VALUE)) {
            for (StoredEvent event : (Iterable<StoredEvent>) log::iterator) {
                ledger.payload(event).ifPresent(streams::see);
                reached = event.position() + 1;
            }
        } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
            stop = Optional.of(ledger.unreadableAt(reached, unreadable));
        }
        // The streams are found by reading the log, which stops at a hole or a commit it cannot read: those
        // beyond go unseen, and the check names where it stopped.
        if (stop.isEmpty()) {
            stop = ledger.holeAt(reached).map(LedgerHole::brokenLink);
        }
        if (!streams.found() && stop.isEmpty()) {
            throw new DomainRejection(ErrorCode.RELEASE_NOT_FOUND, "No release " + releaseId + " in the log");
        }
        List<String> ids = List.copyOf(streams.all());
        return result(releaseId, ids, verifier.verifyStreams(ids).withBreak(stop));
    }

    private static Verification result(String releaseId, List<String> streams, VerificationReport report) {
        Optional<BrokenLink> broken = report.firstBrokenLink();
        return new Verification(releaseId, streams, report.commitsChecked(), report.eventsChecked(),
                releaseId == null ? report.voidPositions() : null, report.intact(), broken.orElse(null),
                report.inFlightAt().isPresent() ? report.inFlightAt().getAsLong() : null,
                report.checkpoint().orElse(null));
    }
}
