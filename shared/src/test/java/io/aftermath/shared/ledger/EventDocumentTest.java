package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonBinaryReader;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonNull;
import org.bson.BsonReader;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

class EventDocumentTest {

    private static final Instant AT = Instant.parse("2026-11-30T21:00:00.123Z");

    @Test
    void takes_every_field_from_the_stored_bytes() {
        BsonDocument stored = event();

        EventDocument event = EventDocument.of(stored);

        assertThat(event.position()).isEqualTo(7L);
        assertThat(event.eventId()).isEqualTo("e-7");
        assertThat(event.aggregateType()).isEqualTo("Ticket");
        assertThat(event.aggregateId()).isEqualTo("T-1");
        assertThat(event.sequence()).isEqualTo(3L);
        assertThat(event.timestamp()).isEqualTo(AT);
        assertThat(event.payloadType()).isEqualTo("io.aftermath.TicketReported");
        assertThat(event.payloadRevision()).isNull();
        assertThat(BsonJson.toJson(event.payload()).get("title").asText()).isEqualTo("Login fails");
        assertThat(BsonJson.toJson(event.metaData()).get("actor").asText()).isEqualTo("ana");
        assertThat(event.previousHash()).isEqualTo("p".repeat(64));
        assertThat(event.hash()).isEqualTo("h".repeat(64));
        assertThat(event.document()).isEqualTo(stored);
    }

    @Test
    void a_streamless_event_has_no_aggregate_type() {
        EventDocument event = EventDocument.of(event().append(LedgerSchema.AGGREGATE_TYPE, BsonNull.VALUE));

        assertThat(event.aggregateType()).isNull();
        assertThat(LedgerEventData.of(event)).isNotInstanceOf(LedgerEventData.Domain.class);
    }

    @Test
    void a_field_stored_with_another_type_fails_when_asked_for_and_only_then() {
        EventDocument event = EventDocument.of(event().append(LedgerSchema.SEQUENCE, new BsonInt32(3)));

        assertThat(event.aggregateId()).isEqualTo("T-1");
        assertThatThrownBy(event::sequence).isInstanceOf(BsonInvalidOperationException.class)
                .hasMessageContaining("e-7").hasMessageContaining("'sequence'");
    }

    /** Tester 154: a timestamp written as text was asked for only inside a handler, and every rebuild read past it. */
    @Test
    void an_event_of_a_commit_is_checked_for_every_field_as_it_is_read() {
        EventDocument whole = EventDocument.of(event());
        EventDocument textTimestamp = EventDocument.of(event().append(LedgerSchema.TIMESTAMP, new BsonString("today")));

        assertThat(whole.checked()).isSameAs(whole);
        assertThatThrownBy(textTimestamp::checked).isInstanceOf(BsonInvalidOperationException.class)
                .hasMessageContaining("e-7").hasMessageContaining("'timestamp'");
    }

    @Test
    void events_read_from_a_commit_in_a_reply_are_their_bytes_exactly_and_the_reading_goes_on_after_them() {
        BsonDocument first = event();
        BsonDocument second = secondEvent();
        RawBsonDocument reply = raw(commit(first, second));

        List<EventDocument> events;
        try (BsonBinaryReader reader = new BsonBinaryReader(reply.getByteBuffer().asNIO())) {
            events = readCommitEvents(reader);
        }

        assertThat(events).extracting(EventDocument::document).containsExactly(raw(first), raw(second));
        assertThat(events.get(1).eventId()).isEqualTo("e-8 äß");
        assertThat(events.get(1).document().getByteBuffer().remaining())
                .isEqualTo(raw(second).getByteBuffer().remaining());
    }

    @Test
    void events_read_by_a_reader_of_another_kind_are_written_out_the_same() {
        BsonDocument first = event();
        BsonDocument second = secondEvent();

        List<EventDocument> events = readCommitEvents(new BsonDocumentReader(commit(first, second)));

        assertThat(events).extracting(EventDocument::document).containsExactly(raw(first), raw(second));
        assertThat(events.get(1).eventId()).isEqualTo("e-8 äß");
    }

    private static BsonDocument secondEvent() {
        return event().append(LedgerSchema.POSITION, new BsonInt64(8))
                .append(LedgerSchema.EVENT_ID, new BsonString("e-8 äß"));
    }

    private static BsonDocument commit(BsonDocument... events) {
        return new BsonDocument(LedgerSchema.EVENTS, new BsonArray(List.of(events)))
                .append("after", new BsonString("next"));
    }

    /** Reads a commit's events as the commit codec does, then the field after them. */
    private static List<EventDocument> readCommitEvents(BsonReader reader) {
        List<EventDocument> events = new ArrayList<>();
        reader.readStartDocument();
        reader.readName(LedgerSchema.EVENTS);
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            events.add(EventDocument.read(reader));
        }
        reader.readEndArray();
        assertThat(reader.readString("after")).isEqualTo("next");
        return events;
    }

    private static RawBsonDocument raw(BsonDocument document) {
        return new RawBsonDocument(document, new BsonDocumentCodec());
    }

    private static BsonDocument event() {
        return new BsonDocument(LedgerSchema.POSITION, new BsonInt64(7))
                .append(LedgerSchema.EVENT_ID, new BsonString("e-7"))
                .append(LedgerSchema.AGGREGATE_TYPE, new BsonString("Ticket"))
                .append(LedgerSchema.AGGREGATE_ID, new BsonString("T-1"))
                .append(LedgerSchema.SEQUENCE, new BsonInt64(3))
                .append(LedgerSchema.TIMESTAMP, new BsonDateTime(AT.toEpochMilli()))
                .append(LedgerSchema.PAYLOAD_TYPE, new BsonString("io.aftermath.TicketReported"))
                .append(LedgerSchema.PAYLOAD_REVISION, BsonNull.VALUE)
                .append(LedgerSchema.PAYLOAD, new BsonDocument("title", new BsonString("Login fails")))
                .append(LedgerSchema.META_DATA, new BsonDocument("actor", new BsonString("ana")))
                .append(LedgerSchema.PREVIOUS_HASH, new BsonString("p".repeat(64)))
                .append(LedgerSchema.HASH, new BsonString("h".repeat(64)));
    }
}
