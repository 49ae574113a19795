package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.testing.EmbeddedMongo;

class StoredEventFieldsTest {

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();
    private final MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database);

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void an_event_as_the_ledger_wrote_it_hashes_over_its_own_bytes_to_what_the_canonical_form_gives() {
        engine.appendEvents(events("a", 0, 3));

        for (RawBsonDocument event : storedEvents()) {
            StoredEventFields fields = StoredEventFields.read(event);

            assertThat(fields.recomputedHash()).isEqualTo(EventHasher.hash(event)).isEqualTo(fields.hash());
            assertThat(List.of(fields.aggregateId(), fields.eventId(), fields.previousHash()))
                    .isEqualTo(List.of(event.getString(LedgerSchema.AGGREGATE_ID).getValue(),
                            event.getString(LedgerSchema.EVENT_ID).getValue(),
                            event.getString(LedgerSchema.PREVIOUS_HASH).getValue()));
            assertThat(List.of(fields.position(), fields.sequence())).isEqualTo(List.of(
                    event.getInt64(LedgerSchema.POSITION).getValue(), event.getInt64(LedgerSchema.SEQUENCE).getValue()));
        }
    }

    /** Written by something else, fields in another order or one added: hashed from the canonical form, as before. */
    @Test
    void an_event_laid_out_otherwise_is_hashed_from_its_canonical_form() {
        engine.appendEvents(events("a", 0, 1));
        RawBsonDocument written = storedEvents().get(0);
        List<String> names = new ArrayList<>(written.keySet());
        Collections.reverse(names);
        BsonDocument reordered = new BsonDocument();
        names.forEach(name -> reordered.append(name, written.get(name)));
        BsonDocument extended = written.decode(new BsonDocumentCodec()).append("note", new BsonString("added later"));

        for (BsonDocument other : List.of(reordered, extended)) {
            RawBsonDocument raw = new RawBsonDocument(other, new BsonDocumentCodec());
            StoredEventFields fields = StoredEventFields.read(raw);

            assertThat(fields.recomputedHash()).isEqualTo(EventHasher.hash(raw)).isEqualTo(fields.hash());
        }
        BsonDocument changed = written.decode(new BsonDocumentCodec());
        changed.put(LedgerSchema.AGGREGATE_TYPE, new BsonString("Forged"));
        assertThat(StoredEventFields.read(new RawBsonDocument(changed, new BsonDocumentCodec())).recomputedHash())
                .isNotEqualTo(written.getString(LedgerSchema.HASH).getValue());
    }

    private List<RawBsonDocument> storedEvents() {
        List<RawBsonDocument> events = new ArrayList<>();
        for (RawBsonDocument commit : database.getCollection(LedgerSchema.COMMITS, RawBsonDocument.class).find()) {
            commit.getArray(LedgerSchema.EVENTS).forEach(event -> events.add((RawBsonDocument) event.asDocument()));
        }
        return events;
    }
}
