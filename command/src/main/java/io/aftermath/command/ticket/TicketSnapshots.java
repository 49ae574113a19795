package io.aftermath.command.ticket;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A ticket's state is a few fields, but its stream grows with every report marked its duplicate: a
 * canonical ticket with 1,500 duplicates was read whole by every command on it, which took seconds under
 * load and held every other duplicate marking behind it (tester 43). Every {@link #EVENTS_BETWEEN} events
 * read since the last snapshot, one is stored after the command's commit, and loads read from it.
 */
@Configuration(proxyBeanMethods = false)
class TicketSnapshots {

    static final int EVENTS_BETWEEN = 100;

    @Bean
    SnapshotTriggerDefinition ticketSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_BETWEEN);
    }
}
