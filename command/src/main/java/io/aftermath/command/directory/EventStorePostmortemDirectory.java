package io.aftermath.command.directory;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Reads the post-mortem's own stream: one unique-key lookup, as fresh as the log. */
@Component
public class EventStorePostmortemDirectory implements PostmortemDirectory {

    private final EventStore eventStore;

    public EventStorePostmortemDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public boolean exists(String postmortemId) {
        return eventStore.readEvents(postmortemId, 0).hasNext();
    }
}
