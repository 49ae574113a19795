package io.aftermath.query.ticket;

import static io.aftermath.query.support.Incidents.assigned;
import static io.aftermath.query.support.Incidents.attached;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.detached;
import static io.aftermath.query.support.Incidents.markedDuplicate;
import static io.aftermath.query.support.Incidents.reopened;
import static io.aftermath.query.support.Incidents.reported;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionTransactionManager;
import io.aftermath.query.support.CountedFinds;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.Incidents;
import io.aftermath.query.support.Story;
import io.aftermath.shared.query.FindTicket;
import io.aftermath.shared.query.Window;
import io.aftermath.shared.query.HistoryEntry;
import io.aftermath.shared.query.TicketView;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketStatus;

class TicketProjectionTest {

    private MongoDatabase database;
    private TicketProjection projection;
    private final EventLog log = Story.checkoutOutage();

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        projection = new TicketProjection(database, new Generations(database));
    }

    @Test
    void a_ticket_shows_its_state_and_every_event_that_concerned_it() {
        log.applyTo(projection);

        TicketView ticket = projection.handle(new FindTicket("t1")).orElseThrow();

        assertThat(ticket.status()).isEqualTo(TicketStatus.RESOLVED);
        assertThat(ticket.priority()).isEqualTo(Priority.P1);
        assertThat(ticket.resolution()).isEqualTo(Resolution.FIXED);
        assertThat(ticket.regression()).isTrue();
        assertThat(ticket.duplicates()).containsExactly("t2");
        assertThat(ticket.reporters()).containsExactly("alice", "bob");
        assertThat(ticket.acknowledgedAt()).isEqualTo(Incidents.minutes(20));
        assertThat(ticket.history()).extracting(HistoryEntry::type).containsExactly("TicketReported",
                "TicketPrioritised", "DuplicateAttached", "TicketAssigned", "UserUpdatePublished", "TicketResolved",
                "TicketReopened", "RegressionDetected", "TicketResolved", "LessonRecorded");
        assertThat(ticket.history().get(1).details()).containsEntry("severity", "S1").containsEntry("priority", "P1");
        assertThat(ticket.history().get(1).actor()).isEqualTo("triager");
        assertThat(projection.handle(new FindTicket("t2")).orElseThrow().canonicalTicketId()).isEqualTo("t1");
    }

    /** The ETag: events of the release's stream that name the ticket are in its history, not its version. */
    @Test
    void a_ticket_knows_its_version_the_sequence_of_the_last_event_of_its_own_stream() {
        log.applyTo(projection);

        assertThat(projection.handle(new FindTicket("t1")).orElseThrow().aggregateVersion()).isEqualTo(7L);
        assertThat(projection.handle(new FindTicket("t2")).orElseThrow().aggregateVersion()).isEqualTo(1L);
        assertThat(projection.handle(new FindTicket("t3")).orElseThrow().aggregateVersion()).isEqualTo(1L);
    }

    /** Before, a reopened ticket still showed the resolution, summary and fix it had before. */
    @Test
    void a_reopened_ticket_has_no_resolution_until_it_is_resolved_again() {
        int afterReopen = java.util.stream.IntStream.range(0, log.size())
                .filter(i -> log.event(i) instanceof TicketReopened).findFirst().orElseThrow() + 1;
        log.applyTo(projection, 0, afterReopen);

        TicketView ticket = projection.handle(new FindTicket("t1")).orElseThrow();

        assertThat(ticket.status()).isEqualTo(TicketStatus.REOPENED);
        assertThat(ticket.resolution()).isNull();
        assertThat(ticket.resolutionSummary()).isNull();
        assertThat(ticket.fixedIn()).isNull();
        assertThat(ticket.history()).extracting(HistoryEntry::type).contains("TicketResolved");
    }

    /** As the triage queue counts them: a duplicate brings the reporters of its own duplicates along. */
    @Test
    void a_canonical_counts_the_reporters_of_its_duplicates_duplicates() {
        EventLog chain = new EventLog().append(deployed("r@1", 0),
                reported("a", "r@1", "alice", 1), reported("b", "r@1", "bob", 2), reported("c", "r@1", "carol", 3),
                markedDuplicate("c", "b", "r@1", 4), attached("b", "c", "carol", 4),
                markedDuplicate("b", "a", "r@1", 5), attached("a", "b", "bob", 5));

        chain.applyTo(projection);

        assertThat(projection.handle(new FindTicket("a")).orElseThrow().reporters())
                .containsExactly("alice", "bob", "carol");
    }

    @Test
    void a_reopened_duplicate_leaves_its_canonical() {
        log.append(reopened("t2", Story.RELEASE, null, 500), detached("t1", "t2", 500));
        log.applyTo(projection);

        TicketView canonical = projection.handle(new FindTicket("t1")).orElseThrow();
        TicketView reopened = projection.handle(new FindTicket("t2")).orElseThrow();

        assertThat(canonical.duplicates()).isEmpty();
        assertThat(canonical.reporters()).containsExactly("alice");
        assertThat(canonical.history()).last().satisfies(entry -> {
            assertThat(entry.type()).isEqualTo("DuplicateDetached");
            assertThat(entry.details()).containsEntry("duplicateTicketId", "t2")
                    .containsEntry("reason", "not the same problem");
        });
        assertThat(reopened.status()).isEqualTo(TicketStatus.REOPENED);
        assertThat(reopened.canonicalTicketId()).isNull();
    }

    @Test
    void a_reporter_of_the_canonical_or_of_another_duplicate_stays_when_a_duplicate_leaves() {
        EventLog shared = new EventLog().append(deployed("r@1", 0),
                reported("a", "r@1", "alice", 1), reported("b", "r@1", "bob", 2), reported("c", "r@1", "bob", 3),
                reported("d", "r@1", "alice", 4),
                markedDuplicate("b", "a", "r@1", 5), attached("a", "b", "bob", 5),
                markedDuplicate("c", "a", "r@1", 6), attached("a", "c", "bob", 6),
                markedDuplicate("d", "a", "r@1", 7), attached("a", "d", "alice", 7),
                reopened("b", "r@1", null, 8), detached("a", "b", 8),
                reopened("d", "r@1", null, 9), detached("a", "d", 9));

        shared.applyTo(projection);

        TicketView canonical = projection.handle(new FindTicket("a")).orElseThrow();
        assertThat(canonical.duplicates()).containsExactly("c");
        assertThat(canonical.reporters()).containsExactly("alice", "bob");
    }

    /** The replay lists them so too: an order kept by arrival would differ once a duplicate left. */
    @Test
    void reporters_are_its_own_then_the_others_by_name_however_duplicates_came_and_went() {
        EventLog shared = new EventLog().append(deployed("r@1", 0),
                reported("a", "r@1", "zoe", 1), reported("b", "r@1", "carol", 2), reported("c", "r@1", "bob", 3),
                reported("d", "r@1", "carol", 4),
                markedDuplicate("b", "a", "r@1", 5), attached("a", "b", "carol", 5),
                markedDuplicate("c", "a", "r@1", 6), attached("a", "c", "bob", 6),
                markedDuplicate("d", "a", "r@1", 7), attached("a", "d", "carol", 7),
                reopened("b", "r@1", null, 8), detached("a", "b", 8));

        shared.applyTo(projection);

        assertThat(projection.handle(new FindTicket("a")).orElseThrow().reporters())
                .containsExactly("zoe", "bob", "carol");
    }

    /** c joined b, then b joined a: c's reporter left a with c, and b stays in a with its own. */
    @Test
    void a_duplicate_reopened_below_another_takes_its_reporters_back_up_the_chain() {
        chainReopened().applyTo(projection);

        assertThat(projection.handle(new FindTicket("a")).orElseThrow().reporters()).containsExactly("alice", "bob");
        assertThat(projection.handle(new FindTicket("a")).orElseThrow().history()).extracting(HistoryEntry::type)
                .doesNotContain("DuplicateDetached");
        TicketView between = projection.handle(new FindTicket("b")).orElseThrow();
        assertThat(between.duplicates()).isEmpty();
        assertThat(between.reporters()).containsExactly("bob");
    }

    @Test
    void replaying_detachments_twice_or_in_batches_changes_nothing() {
        EventLog chain = chainReopened();
        chain.applyTo(projection);
        List<String> once = documents(database);

        chain.applyTo(projection);
        chain.applyInBatches(3, projection);
        MongoDatabase other = EmbeddedMongo.freshDatabase();
        chain.applyInBatches(4, new TicketProjection(other, new Generations(other)));

        assertThat(documents(database)).isEqualTo(once);
        assertThat(documents(other)).isEqualTo(once);
    }

    private static EventLog chainReopened() {
        return new EventLog().append(deployed("r@1", 0),
                reported("a", "r@1", "alice", 1), reported("b", "r@1", "bob", 2), reported("c", "r@1", "carol", 3),
                markedDuplicate("c", "b", "r@1", 4), attached("b", "c", "carol", 4),
                markedDuplicate("b", "a", "r@1", 5), attached("a", "b", "bob", 5),
                reopened("c", "r@1", null, 6), detached("b", "c", 6));
    }

    @Test
    void replaying_the_whole_log_again_changes_nothing() {
        log.applyTo(projection);
        List<String> once = documents(database);

        log.applyTo(projection);
        log.applyInBatches(7, projection);

        assertThat(documents(database)).isEqualTo(once);
    }

    @Test
    void an_old_event_delivered_after_newer_ones_is_ignored() {
        log.applyTo(projection);
        List<String> before = documents(database);

        log.deliver(projection, 3);
        log.deliver(projection, 11);

        assertThat(documents(database)).isEqualTo(before);
    }

    @Test
    void processing_in_batches_gives_the_same_documents_as_one_by_one() {
        log.applyTo(projection);
        List<String> oneByOne = documents(database);
        MongoDatabase other = EmbeddedMongo.freshDatabase();

        log.applyInBatches(9, new TicketProjection(other, new Generations(other)));

        assertThat(documents(other)).isEqualTo(oneByOne);
    }

    /**
     * Tester 90: a replayed batch read each of its tickets' current history chunk with a find of its own. They come
     * with the batch's tickets now, one {@code $in} per batch, those of tickets not stored yet too.
     */
    @Test
    void a_batch_reads_its_tickets_history_chunks_with_one_find() {
        EventLog tickets = reportedAndAssigned(30);
        try (CountedFinds counted = new CountedFinds()) {
            tickets.applyInBatches(31, new TicketProjection(counted.database(), new Generations(counted.database())));

            assertThat(counted.of(TicketProjection.HISTORY)).as("finds of history chunks in two batches").isEqualTo(2);
            tickets.applyTo(projection);
            assertThat(documents(counted.database())).isEqualTo(documents(database));
        }
    }

    /** Chunks are written before their tickets: a batch processed again after a crash between the two adds nothing twice. */
    @Test
    void a_batch_processed_again_after_its_chunks_were_written_and_its_tickets_not_adds_no_entry_twice() {
        EventLog tickets = reportedAndAssigned(10);
        tickets.applyTo(projection, 0, 11);
        List<Document> ticketsBefore = database.getCollection(TicketProjection.TICKETS).find()
                .into(new java.util.ArrayList<>());
        tickets.applyInBatch(new ProjectionTransactionManager(), 11, 21, projection);

        database.getCollection(TicketProjection.TICKETS).deleteMany(new Document());
        database.getCollection(TicketProjection.TICKETS).insertMany(ticketsBefore);
        tickets.applyInBatch(new ProjectionTransactionManager(), 11, 21, projection);

        MongoDatabase other = EmbeddedMongo.freshDatabase();
        tickets.applyTo(new TicketProjection(other, new Generations(other)));
        assertThat(documents(database)).isEqualTo(documents(other));
    }

    /** A history that crosses into its next chunk within a batch reads as one processed event by event. */
    @Test
    void a_history_crossing_a_chunk_in_a_batch_is_the_one_built_event_by_event() {
        EventLog many = canonicalWithDuplicates(300);
        many.applyTo(projection);
        MongoDatabase other = EmbeddedMongo.freshDatabase();

        many.applyInBatches(64, new TicketProjection(other, new Generations(other)));

        assertThat(documents(other)).isEqualTo(documents(database));
    }

    /** Release r@1, then {@code count} tickets reported on it, t0 onwards, then each of them assigned. */
    private static EventLog reportedAndAssigned(int count) {
        EventLog log = new EventLog().append(deployed("r@1", 0));
        for (int i = 0; i < count; i++) {
            log.append(reported("t" + i, "r@1", "alice", 1));
        }
        for (int i = 0; i < count; i++) {
            log.append(assigned("t" + i, "dave", 2));
        }
        return log;
    }

    @Test
    void an_unknown_ticket_is_not_found() {
        assertThat(projection.handle(new FindTicket("nope"))).isEmpty();
    }

    /**
     * A canonical's document held every duplicate's history entry and what it brought: about 300 bytes
     * each, MongoDB's 16 MB at some 50,000 duplicates, after which no write of the projection went through.
     */
    @Test
    void a_canonical_tickets_document_grows_only_by_its_duplicates_ids() {
        EventLog many = canonicalWithDuplicates(600);
        many.applyTo(projection, 0, 2 + 3 * 100);
        int after100 = canonicalBytes();
        many.applyTo(projection, 2 + 3 * 100, many.size());

        assertThat((canonicalBytes() - after100) / 500.0).as("bytes per further duplicate").isLessThan(24);
        TicketView canonical = projection.handle(new FindTicket("a")).orElseThrow();
        assertThat(canonical.history()).hasSize(601);
        assertThat(canonical.history()).extracting(HistoryEntry::position).isSorted();
        assertThat(canonical.history().get(600).details()).containsEntry("duplicateTicketId", "d599");
        assertThat(canonical.duplicates()).hasSize(600);
        assertThat(canonical.reporters()).containsExactly("alice", "bob");
    }

    /** Windows across the history's chunks (256 entries each) read as the same slice of the whole. */
    @Test
    void a_window_of_the_history_or_the_duplicates_is_that_slice_of_the_whole() {
        EventLog many = canonicalWithDuplicates(600);
        many.applyTo(projection);
        TicketView whole = projection.handle(new FindTicket("a")).orElseThrow();

        for (int[] window : new int[][] {{0, 10}, {250, 10}, {256, 256}, {255, 258}, {590, 50}, {601, 5}, {900, 1},
                {0, 0}}) {
            TicketView page = projection.handle(new FindTicket("a", new Window(window[0], window[1]),
                    new Window(window[0], window[1]))).orElseThrow();
            int from = Math.min(window[0], 601);
            assertThat(page.history()).as("history from %d, %d", window[0], window[1])
                    .isEqualTo(whole.history().subList(from, Math.min(601, window[0] + window[1])));
            assertThat(page.duplicates()).as("duplicates from %d, %d", window[0], window[1])
                    .isEqualTo(whole.duplicates().subList(Math.min(window[0], 600), Math.min(600, window[0] + window[1])));
            assertThat(page.historyTotal()).isEqualTo(601);
            assertThat(page.duplicatesTotal()).isEqualTo(600);
            assertThat(page.reporters()).isEqualTo(whole.reporters());
        }
        assertThat(whole.historyTotal()).isEqualTo(whole.history().size());
    }

    /**
     * What a duplicate brought is written before the ticket: a batch that crashed between the two is
     * replayed against the ticket as it was and the contribution as it became, and takes back what the
     * contribution replaced, not what it holds now (else bob, who reported the canonical too, was lost).
     */
    @Test
    void an_attachment_replayed_after_a_crash_between_its_two_writes_counts_once() {
        EventLog shared = new EventLog().append(deployed("r@1", 0), reported("a", "r@1", "bob", 1),
                reported("b", "r@1", "bob", 2), markedDuplicate("b", "a", "r@1", 3), attached("a", "b", "bob", 3),
                reopened("b", "r@1", null, 4), detached("a", "b", 4));
        shared.applyTo(projection, 0, 4);
        Document before = database.getCollection(TicketProjection.TICKETS).find(new Document("_id", "a")).first();
        shared.applyTo(projection, 4, 5);

        database.getCollection(TicketProjection.TICKETS).replaceOne(new Document("_id", "a"), before);
        shared.applyTo(projection, 4, shared.size());

        TicketView canonical = projection.handle(new FindTicket("a")).orElseThrow();
        assertThat(canonical.duplicates()).isEmpty();
        assertThat(canonical.reporters()).containsExactly("bob");
        assertThat(canonical.history()).extracting(HistoryEntry::type)
                .containsExactly("TicketReported", "DuplicateAttached", "DuplicateDetached");
    }

    /**
     * Tester 45: a batch that attached and detached the same duplicate, processed again after its
     * contributions were written and its tickets were not, took the canonical's own reporter away (a
     * contribution kept only the value before its last change). Here one is detached, attached again and
     * detached in one batch, after an attachment the stored ticket counts.
     */
    @Test
    void a_batch_that_changed_a_contribution_twice_counts_right_when_processed_again_after_a_crash() {
        EventLog pairs = new EventLog().append(deployed("r@1", 0), reported("s", "r@1", "solo1", 1),
                reported("d", "r@1", "solo1", 2), markedDuplicate("d", "s", "r@1", 3), attached("s", "d", "solo1", 3),
                reported("x", "r@1", "alice", 4), reported("y", "r@1", "alice", 4), reported("z", "r@1", "alice", 4),
                reopened("d", "r@1", null, 5), detached("s", "d", 5),
                markedDuplicate("d", "s", "r@1", 6), attached("s", "d", "solo1", 6),
                reopened("d", "r@1", null, 7), detached("s", "d", 7));
        int batch = 8;
        pairs.upTo(batch).applyInBatches(batch, projection);
        List<Document> ticketsBefore = database.getCollection(TicketProjection.TICKETS).find()
                .into(new java.util.ArrayList<>());
        pairs.applyInBatches(batch, projection);

        database.getCollection(TicketProjection.TICKETS).deleteMany(new Document());
        database.getCollection(TicketProjection.TICKETS).insertMany(ticketsBefore);
        pairs.applyInBatches(batch, projection);

        TicketView canonical = projection.handle(new FindTicket("s")).orElseThrow();
        assertThat(canonical.reporters()).containsExactly("solo1");
        assertThat(canonical.duplicates()).isEmpty();
        MongoDatabase other = EmbeddedMongo.freshDatabase();
        pairs.applyTo(new TicketProjection(other, new Generations(other)));
        assertThat(Story.snapshot(database, TicketProjection.TICKETS))
                .isEqualTo(Story.snapshot(other, TicketProjection.TICKETS));
    }

    /** An upgrade serves the old documents until its rebuild has caught up: they read as they did. */
    @Test
    void a_ticket_an_earlier_version_wrote_shows_its_own_history_and_reporters() {
        database.getCollection(TicketProjection.TICKETS).insertOne(new Document("_id", "old")
                .append("releaseId", "r@1").append("title", "Old").append("reporter", "alice")
                .append("status", "REPORTED").append("reportedAt", new java.util.Date(0))
                .append("reporters", List.of("alice", "bob")).append("duplicates", List.of("dup"))
                .append("history", List.of(new Document("position", 3L).append("type", "TicketReported")
                        .append("at", new java.util.Date(0)).append("actor", "alice").append("details", new Document()))));

        TicketView old = projection.handle(new FindTicket("old")).orElseThrow();

        assertThat(old.reporters()).containsExactly("alice", "bob");
        assertThat(old.history()).extracting(HistoryEntry::type).containsExactly("TicketReported");
        assertThat(old.historyTotal()).isEqualTo(1);
        assertThat(projection.handle(new FindTicket("old", new Window(1, 5), new Window(0, 0))).orElseThrow())
                .satisfies(page -> {
                    assertThat(page.history()).isEmpty();
                    assertThat(page.duplicates()).isEmpty();
                    assertThat(page.duplicatesTotal()).isEqualTo(1);
                });
    }

    /** Ticket a (alice's) with {@code count} duplicates, d0 onwards, all bob's, each reported, marked and attached. */
    private static EventLog canonicalWithDuplicates(int count) {
        EventLog log = new EventLog().append(deployed("r@1", 0), reported("a", "r@1", "alice", 1));
        for (int i = 0; i < count; i++) {
            String duplicate = "d" + i;
            log.append(reported(duplicate, "r@1", "bob", 2), markedDuplicate(duplicate, "a", "r@1", 3),
                    attached("a", duplicate, "bob", 3));
        }
        return log;
    }

    private int canonicalBytes() {
        return database.getCollection(TicketProjection.TICKETS, RawBsonDocument.class)
                .find(new Document("_id", "a")).first().getByteBuffer().remaining();
    }

    private static List<String> documents(MongoDatabase database) {
        return Story.snapshot(database, TicketProjection.HISTORY, TicketProjection.DUPLICATE_REPORTERS,
                TicketProjection.TICKETS);
    }
}
