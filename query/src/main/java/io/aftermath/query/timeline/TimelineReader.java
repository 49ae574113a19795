package io.aftermath.query.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BinaryOperator;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.query.projection.Docs;
import io.aftermath.query.projection.EntryChunks;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.query.TimelineEntry;
import io.aftermath.shared.query.TimelineMetrics;
import io.aftermath.shared.query.Window;

/**
 * Folds a release's hotfixes (and theirs) into its story: heads by key, level by level, then every
 * chunk by key, entries in the order they happened ({@code at}, then ledger position).
 */
final class TimelineReader {

    /**
     * A release's heads are read one by one while the projection may be writing a batch that changes several
     * (a report to the release, a resolution in a hotfix), and MongoDB writes them one by one, so a read may
     * catch some of them before a batch and some after (tester 71: metrics counting a resolution but not the
     * report before it). The heads' writes are marked, and each head keeps its state from before the write that
     * last changed it: a read that met one write takes that write back and answers the state before it, which the
     * ledger passed through. Only a read that met several writes, one after another, is made again; one that did
     * each of these times is answered as it stands.
     */
    private static final int READS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(TimelineReader.class);

    private final ProjectionStore store;
    private final EntryChunks chunks;

    TimelineReader(ProjectionStore store, EntryChunks chunks) {
        this.store = store;
        this.chunks = chunks;
    }

    /**
     * Entries are kept by release and ticket and answered in the order they happened across them, so a
     * window is cut from the whole sorted timeline: it saves the bytes sent, not the reading.
     */
    Optional<Timeline> timeline(String releaseId, Window window) {
        List<Document> heads = wholeHeads(releaseId);
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        List<TimelineEntry> entries = new ArrayList<>();
        for (Document entry : chunks.read(heads)) {
            entries.add(new TimelineEntry(Docs.longValue(entry, "position"), Docs.instant(entry, "at"),
                    entry.getString("kind"), entry.getString("releaseId"), entry.getString("ticketId"),
                    entry.getString("ticketTitle"), entry.getString("actor"), entry.getString("summary"),
                    Docs.stringMap(entry.get("details", Document.class))));
        }
        entries.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(TimelineEntry::position));
        int total = entries.size();
        return Optional.of(new Timeline(releaseId, heads.stream().map(h -> h.getString("_id")).toList(),
                List.copyOf(entries.subList(window.from(total), window.to(total))), metrics(heads), total));
    }

    private List<Document> wholeHeads(String releaseId) {
        Map<String, Document> found = Map.of();
        for (int read = 0; read < READS; read++) {
            Document before = store.writesMark(TimelineProjection.HEADS);
            found = heads(releaseId, found.keySet());
            long write = ProjectionStore.writeMet(before, store.writesMark(TimelineProjection.HEADS));
            if (write != ProjectionStore.SEVERAL_WRITES) {
                if (write != ProjectionStore.NO_WRITE) {
                    LOG.debug("The timeline of {} met write {} of the projection: answered as it stood before it",
                            releaseId, write);
                }
                return levelByLevel(releaseId, asBefore(found, write));
            }
        }
        LOG.debug("The timeline of {} met several writes of the projection in each of {} reads: answered as it stands",
                releaseId, READS);
        return levelByLevel(releaseId, found);
    }

    /**
     * The release's heads, by id. Those {@code known} from a read before are read again in one go, and only
     * hotfixes new since level by level: a read of a long chain of hotfixes one level at a time takes long enough
     * to meet several of the projection's writes.
     */
    private Map<String, Document> heads(String releaseId, Set<String> known) {
        Map<String, Document> found = new HashMap<>();
        List<String> level = known.isEmpty() ? List.of(releaseId) : List.copyOf(known);
        while (!level.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (Document head : store.reading(TimelineProjection.HEADS)
                    .find(new Document("_id", new Document("$in", level)))) {
                if (found.putIfAbsent(head.getString("_id"), head) == null) {
                    next.addAll(Docs.strings(head, "hotfixes"));
                }
            }
            next.removeIf(found::containsKey);
            level = next;
        }
        return found;
    }

    /** The heads as they stood before the write, those it created left out; as they are for {@link ProjectionStore#NO_WRITE}. */
    private static Map<String, Document> asBefore(Map<String, Document> heads, long write) {
        Map<String, Document> before = new HashMap<>();
        heads.forEach((id, head) -> {
            Document earlier = ProjectionStore.asBefore(head, write);
            if (earlier != null) {
                before.put(id, earlier);
            }
        });
        return before;
    }

    /** The heads found, root first, then level by level as their own lists of hotfixes say. */
    private static List<Document> levelByLevel(String releaseId, Map<String, Document> found) {
        List<Document> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Deque<String> waiting = new ArrayDeque<>(List.of(releaseId));
        while (!waiting.isEmpty()) {
            Document head = found.get(waiting.poll());
            if (head != null && placed.add(head.getString("_id"))) {
                ordered.add(head);
                waiting.addAll(Docs.strings(head, "hotfixes"));
            }
        }
        return ordered;
    }

    private static TimelineMetrics metrics(List<Document> heads) {
        Document root = heads.get(0);
        List<Document> hotfixes = heads.subList(1, heads.size());
        Instant deployedAt = Docs.instant(root, "deployedAt");
        Instant firstReport = fold(heads, "firstReportAt", TimelineReader::earlier);
        Instant firstUpdate = fold(heads, "firstUserUpdateAt", TimelineReader::earlier);
        Instant firstHotfix = fold(hotfixes, "deployedAt", TimelineReader::earlier);
        Instant lastResolution = fold(heads, "lastResolutionAt", TimelineReader::later);
        int open = sum(heads, "open");
        return new TimelineMetrics(deployedAt, firstReport, between(deployedAt, firstReport), firstUpdate,
                between(firstReport, firstUpdate), firstHotfix, between(firstReport, firstHotfix), lastResolution,
                open == 0 ? between(firstReport, lastResolution) : null, sum(heads, "reports"), open,
                sum(heads, "resolutions"), sum(heads, "duplicates"), sum(heads, "regressions"),
                sum(heads, "userUpdates"), sum(heads, "lessons"), sum(heads, "actionItems"),
                sum(heads, "actionItemsDone"), Docs.instant(root, "retroClosedAt"));
    }

    private static Instant fold(List<Document> heads, String key, BinaryOperator<Instant> pick) {
        return heads.stream().map(head -> Docs.instant(head, key)).filter(Objects::nonNull).reduce(pick).orElse(null);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Never negative: a hotfix already out when the first report came was waited for for no time at all. */
    private static Duration between(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }

    private static int sum(List<Document> heads, String key) {
        return heads.stream().mapToInt(head -> Docs.intValue(head, key)).sum();
    }
}
