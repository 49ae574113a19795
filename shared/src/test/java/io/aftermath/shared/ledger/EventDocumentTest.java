package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
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
        assertThatThrownBy(event::sequence).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("e-7").hasMessageContaining("'sequence'");
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
