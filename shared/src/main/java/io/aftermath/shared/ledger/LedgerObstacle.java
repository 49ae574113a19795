package io.aftermath.shared.ledger;

import java.util.Optional;

/**
 * What holds every reader of the log at a position short of its head until an operator puts a commit
 * back from a backup: no commit there though later ones exist ({@link MongoLedgerStorageEngine#holeAt}),
 * or a commit there that cannot be read as the ledger writes it (changed through a MongoDB tool).
 */
public record LedgerObstacle(long position, Kind kind) {

    public enum Kind { MISSING, MALFORMED }

    public static LedgerObstacle missing(LedgerHole hole) {
        return new LedgerObstacle(hole.position(), Kind.MISSING);
    }

    public static LedgerObstacle malformed(long position) {
        return new LedgerObstacle(position, Kind.MALFORMED);
    }

    /** Where the obstacle lies, if there is one of this kind. */
    public static Optional<Long> positionOf(Optional<LedgerObstacle> obstacle, Kind kind) {
        return obstacle.filter(found -> found.kind() == kind).map(LedgerObstacle::position);
    }
}
