package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Before (tester 24): every engine wrote its head as the hint when it closed. A query node's head, read as
 * it started, lowered the writer's hint, and its stop waited out the driver's 30 s with the store gone.
 */
class HeadHintOnCloseTest {

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();

    @Test
    void an_engine_that_never_appended_leaves_the_hint_as_the_writer_left_it() {
        MongoLedgerStorageEngine reader = LedgerTestSupport.engine(database);
        try (MongoLedgerStorageEngine writer = LedgerTestSupport.engine(database)) {
            writer.appendEvents(LedgerTestSupport.events("checkout", 0, 5));
        }
        long writersHint = hint();

        reader.close();

        assertThat(writersHint).isGreaterThan(0);
        assertThat(hint()).isEqualTo(writersHint);
    }

    @Test
    void an_engine_that_appended_records_where_it_stopped() {
        try (MongoLedgerStorageEngine writer = LedgerTestSupport.engine(database)) {
            writer.appendEvents(LedgerTestSupport.events("checkout", 0, 3));
            writer.appendEvents(LedgerTestSupport.events("payments", 0, 4));
        }

        assertThat(hint()).isEqualTo(7);
    }

    private long hint() {
        Document hint = database.getCollection(LedgerSchema.LEDGER_META)
                .find(Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID)).first();
        return hint == null ? 0 : hint.get(LedgerSchema.POSITION, Number.class).longValue();
    }
}
