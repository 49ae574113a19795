package io.aftermath.query.admin;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.shared.ledger.LedgerObstacle;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * What holds a projection's reader where it stands, for its status, health and gauges alike: a commit the log
 * lacks, or one it cannot read, stops a processor for good, as it never skips a position. The question reads up
 * to 4,096 events, so it is asked the first time a reader is seen behind, then only of one that has stood at its
 * position for a second, and at most once a second: one that moves is held by nothing. Meanwhile the last answer
 * for the position stands. Tester 91: five lagging readers asked on every status, which took up to 25 s on a
 * loaded node, and a rebuild's 202, which carries one, 1–9 s; the gauges, on their own rule, asked as well.
 */
@Component
public class ReaderObstacles {

    /** How long a reader's position must stand still before the store is asked again what holds it there. */
    private static final long STILL_MILLIS = 1_000;

    private final ProjectionProgress progress;
    private final LongFunction<Optional<LedgerObstacle>> obstacleAt;
    private final LongSupplier clock;
    /** By reader (a processor, or a rebuild's replay): the position last seen, since when, and what held it there. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    @Autowired
    public ReaderObstacles(ProjectionProgress progress, MongoLedgerStorageEngine engine) {
        this(progress, engine::obstacleAt, System::currentTimeMillis);
    }

    ReaderObstacles(ProjectionProgress progress, LongFunction<Optional<LedgerObstacle>> obstacleAt, LongSupplier clock) {
        this.progress = progress;
        this.obstacleAt = obstacleAt;
        this.clock = clock;
    }

    /**
     * What holds projection {@code name}'s processor at {@code position}, behind the log's {@code head}; else, while
     * it is rebuilt, what holds the rebuild's replay behind the processor (the replay stops at such a commit while
     * the processor, past it, goes on).
     */
    public Optional<LedgerObstacle> holding(String name, long position, long head) {
        return reader(name, position, head).or(() -> progress.rebuilding(name)
                ? reader(name + " replay", progress.rebuilt(name), position) : Optional.empty());
    }

    private Optional<LedgerObstacle> reader(String reader, long position, long toward) {
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
        Optional<LedgerObstacle> found = obstacleAt.apply(position);
        seen.put(reader, new Seen(position, now, found));
        return found;
    }

    private record Seen(long position, long since, Optional<LedgerObstacle> obstacle) {
    }
}
