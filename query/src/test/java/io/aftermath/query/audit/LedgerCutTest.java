package io.aftermath.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Tester 37: a query node that had not read the head past a missing commit found the head there, and
 * answered the log before it as the whole log (200, the release's later events left out).
 */
class LedgerCutTest {

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();
    /** A node that appends nothing, started before the writes, as a query node is. */
    private final MongoLedgerStorageEngine reader = engine(database);

    @AfterEach
    void tearDown() {
        reader.close();
    }

    @Test
    void a_cut_beyond_a_missing_commit_where_the_head_stops_is_refused_not_cut_short() {
        reportThree();
        MongoCollection<org.bson.Document> commits = database.getCollection(LedgerSchema.COMMITS);
        commits.deleteOne(Filters.eq("_id", 1L));
        commits.updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COMMITTED_AT, new Date(0)));
        LedgerCut cut = new LedgerCut(new LedgerEvents(reader));

        assertThat(cut.end(LedgerCut.Asked.of(null, 1L))).isEqualTo(1);
        for (Long position : new Long[] {null, 3L}) {
            assertThatThrownBy(() -> cut.end(LedgerCut.Asked.of(null, position))).isInstanceOf(DomainRejection.class)
                    .satisfies(refused -> assertThat(((DomainRejection) refused).code())
                            .isEqualTo(ErrorCode.LEDGER_INCOMPLETE))
                    .hasMessageContaining("no commit at position 1 but one at 2");
        }
    }

    /** Tester 39: a replay up to now answered 200, the last commits gone and nothing said. */
    @Test
    void a_read_that_runs_out_before_a_head_this_node_read_is_refused() {
        reportThree();
        LedgerEvents ledger = new LedgerEvents(reader);
        long cut = new LedgerCut(ledger).end(LedgerCut.Asked.of(null, null));
        database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 2L));

        ledger.requireReadTo(2, 2);
        assertThatThrownBy(() -> ledger.requireReadTo(2, cut)).isInstanceOf(DomainRejection.class)
                .hasMessageContaining("The log ends at position 2, before position 3, which this node had read");
    }

    /** Three one-event commits, at positions 0, 1 and 2, by another node. */
    private void reportThree() {
        try (MongoLedgerStorageEngine writer = engine(database)) {
            for (String stream : List.of("a", "b", "c")) {
                writer.appendEvents(new GenericDomainEventMessage<>("Ticket", stream, 0, "reported " + stream));
            }
        }
    }

    private static MongoLedgerStorageEngine engine(MongoDatabase database) {
        return MongoLedgerStorageEngine.builder().database(database).eventSerializer(LedgerSerializers.messages())
                .snapshotSerializer(LedgerSerializers.snapshots()).build();
    }
}
