package io.aftermath.command.directory;

import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import io.aftermath.shared.release.ReleaseRegistered;

/**
 * Reads the release's own stream, so the answer is as fresh as the log (no projection lag). Reading
 * from sequence 0 skips snapshots, whose payload is an aggregate rather than the registration.
 */
@Component
public class EventStoreReleaseDirectory implements ReleaseDirectory {

    private final EventStore eventStore;

    public EventStoreReleaseDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<ReleaseFacts> find(String releaseId) {
        if (releaseId == null || releaseId.isBlank()) {
            return Optional.empty();
        }
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
