package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.META_DATA;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_REVISION;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;
import static io.aftermath.shared.ledger.LedgerSchema.TIMESTAMP;

import java.time.Instant;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.fasterxml.jackson.databind.JsonNode;

/** One stored event as Axon reads it; streamless events come back as plain (non-domain) events. */
class LedgerEventData implements TrackedEventData<JsonNode> {

    private static final SerializedType METADATA_TYPE = new SimpleSerializedType(MetaData.class.getName(), null);

    private final BsonDocument event;
    private final long position;

    private LedgerEventData(BsonDocument event) {
        this.event = event;
        this.position = event.getInt64(POSITION).getValue();
    }

    static LedgerEventData of(BsonDocument event) {
        BsonValue type = event.get(AGGREGATE_TYPE);
        boolean streamless = type == null || type.isNull();
        return streamless ? new LedgerEventData(event) : new Domain(event);
    }

    /** For stream reads, where Axon expects domain events whatever the stored type. */
    static Domain domain(BsonDocument event) {
        return new Domain(event);
    }

    long position() {
        return position;
    }

    StoredEvent stored() {
        return StoredEvent.of(event);
    }

    @Override
    public TrackingToken trackingToken() {
        return new GlobalSequenceTrackingToken(position);
    }

    @Override
    public String getEventIdentifier() {
        return event.getString(EVENT_ID).getValue();
    }

    @Override
    public Instant getTimestamp() {
        return Instant.ofEpochMilli(event.getDateTime(TIMESTAMP).getValue());
    }

    @Override
    public SerializedObject<JsonNode> getMetaData() {
        return new LazyJson(event.get(META_DATA), METADATA_TYPE);
    }

    @Override
    public SerializedObject<JsonNode> getPayload() {
        BsonValue revision = event.get(PAYLOAD_REVISION);
        return new LazyJson(event.get(PAYLOAD), new SimpleSerializedType(event.getString(PAYLOAD_TYPE).getValue(),
                revision == null || revision.isNull() ? null : revision.asString().getValue()));
    }

    static final class Domain extends LedgerEventData implements DomainEventData<JsonNode> {

        private final BsonDocument event;

        private Domain(BsonDocument event) {
            super(event);
            this.event = event;
        }

        @Override
        public String getType() {
            BsonValue type = event.get(AGGREGATE_TYPE);
            return type == null || type.isNull() ? null : type.asString().getValue();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.getString(AGGREGATE_ID).getValue();
        }

        @Override
        public long getSequenceNumber() {
            return event.getInt64(SEQUENCE).getValue();
        }
    }
}
