package io.aftermath.command.directory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import io.aftermath.shared.release.ReleaseRegistered;

/**
 * Reads the release's own stream, so the answer is as fresh as the log (no projection lag). Reading
 * from sequence 0 skips snapshots, whose payload is an aggregate rather than the registration.
 * A registration never changes once in the log, so releases found are remembered (every ticket
 * report asks); releases not found are asked again, since they may be registered any moment.
 */
@Component
public class EventStoreReleaseDirectory implements ReleaseDirectory {

    private static final int REMEMBERED = 10_000;

    private final EventStore eventStore;
    private final Map<String, ReleaseFacts> found = new ConcurrentHashMap<>();

    public EventStoreReleaseDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<ReleaseFacts> find(String releaseId) {
        if (releaseId == null || releaseId.isBlank()) {
            return Optional.empty();
        }
        ReleaseFacts known = found.get(releaseId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ReleaseFacts> read = read(releaseId);
        read.ifPresent(facts -> {
            if (found.size() >= REMEMBERED) {
                found.clear();
            }
            found.put(releaseId, facts);
        });
        return read;
    }

    private Optional<ReleaseFacts> read(String releaseId) {
        DomainEventStream stream = eventStore.readEvents(releaseId, 0);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = stream.next();
        if (!ReleaseRegistered.class.equals(first.getPayloadType())) {
            return Optional.empty();
        }
        ReleaseRegistered registered = (ReleaseRegistered) first.getPayload();
        return Optional.of(new ReleaseFacts(registered.releaseId(), registered.service(), registered.version(),
                registered.deployedAt(), registered.hotfixOf()));
    }
}
