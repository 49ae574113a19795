package io.aftermath.shared.ledger;

import java.time.Instant;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;

import com.fasterxml.jackson.databind.JsonNode;

/** One stored event as Axon reads it; streamless events come back as plain (non-domain) events. */
class LedgerEventData implements TrackedEventData<JsonNode> {

    private static final SerializedType METADATA_TYPE = new SimpleSerializedType(MetaData.class.getName(), null);

    private final EventDocument event;

    private LedgerEventData(EventDocument event) {
        this.event = event;
    }

    static LedgerEventData of(EventDocument event) {
        return event.aggregateType() == null ? new LedgerEventData(event) : new Domain(event);
    }

    /** For stream reads, where Axon expects domain events whatever the stored type. */
    static Domain domain(EventDocument event) {
        return new Domain(event);
    }

    long position() {
        return event.position();
    }

    StoredEvent stored() {
        return StoredEvent.of(event);
    }

    @Override
    public TrackingToken trackingToken() {
        return new GlobalSequenceTrackingToken(event.position());
    }

    @Override
    public String getEventIdentifier() {
        return event.eventId();
    }

    @Override
    public Instant getTimestamp() {
        return event.timestamp();
    }

    @Override
    public SerializedObject<JsonNode> getMetaData() {
        return new LazyJson(event.metaData(), METADATA_TYPE);
    }

    @Override
    public SerializedObject<JsonNode> getPayload() {
        return new LazyJson(event.payload(), new SimpleSerializedType(event.payloadType(), event.payloadRevision()));
    }

    static final class Domain extends LedgerEventData implements DomainEventData<JsonNode> {

        private final EventDocument event;

        private Domain(EventDocument event) {
            super(event);
            this.event = event;
        }

        @Override
        public String getType() {
            return event.aggregateType();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.aggregateId();
        }

        @Override
        public long getSequenceNumber() {
            return event.sequence();
        }
    }
}
