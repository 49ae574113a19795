package io.aftermath.shared.ledger;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.serialization.LedgerSerializers;

/** Builds engines and events for the ledger's tests. */
final class LedgerTestSupport {

    static final String TYPE = "Ticket";

    private LedgerTestSupport() {
    }

    static MongoLedgerStorageEngine engine(MongoDatabase database) {
        return engine(database, DurabilityBarrier.NONE);
    }

    static MongoLedgerStorageEngine engine(MongoDatabase database, DurabilityBarrier barrier) {
        return engine(database, barrier, LedgerSettings.defaults());
    }

    /** An engine with three batches in flight, as a node on the embedded server runs it. */
    static MongoLedgerStorageEngine soleWriter(MongoDatabase database, DurabilityBarrier barrier) {
        return engine(database, barrier, LedgerSettings.soleWriter());
    }

    static MongoLedgerStorageEngine engine(MongoDatabase database, DurabilityBarrier barrier, LedgerSettings settings) {
        return builder(database, settings).durabilityBarrier(barrier).build();
    }

    /** The engine's builder with the ledger's serializers, for tests that set more (a clock). */
    static MongoLedgerStorageEngine.Builder builder(MongoDatabase database, LedgerSettings settings) {
        return MongoLedgerStorageEngine.builder()
                .database(database)
                .settings(settings)
                .eventSerializer(LedgerSerializers.messages())
                .snapshotSerializer(LedgerSerializers.snapshots());
    }

    static DomainEventMessage<Noted> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>(TYPE, aggregateId, sequence,
                new Noted(aggregateId + "/" + sequence, (int) sequence),
                MetaData.from(Map.of("actor", "alice", "correlationId", "c-" + aggregateId)));
    }

    /** Events {@code from .. from+count-1} of one stream. */
    static List<DomainEventMessage<?>> events(String aggregateId, long from, int count) {
        return IntStream.range(0, count).<DomainEventMessage<?>>mapToObj(i -> event(aggregateId, from + i)).toList();
    }
}
