package io.aftermath.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.Urgency;

/**
 * Events appended straight to a node's event store (the projections cannot tell them from commands' events), for
 * runners that need a log of some size before they measure.
 */
final class SeededLog {

    static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
    private static final int TICKETS_PER_RELEASE = 200;
    private static final int BATCH = 1000;

    private SeededLog() {
    }

    /**
     * Appends releases {@code rebuild-0@1.0}, {@code rebuild-1@1.0}, … of 200 tickets each (reported, prioritised,
     * assigned, resolved), a user update and a lesson, until the log holds {@code logSize} events; at least one.
     */
    static void topUp(EventStore events, long head, long logSize) {
        List<EventMessage<?>> batch = new ArrayList<>();
        int release = 0;
        long appended = head;
        while (appended < logSize || release == 0) {
            String releaseId = "rebuild-" + release + "@1.0";
            batch.add(release(releaseId, 0));
            for (int t = 0; t < TICKETS_PER_RELEASE; t++) {
                String ticket = "rb-" + release + "-" + t;
                Instant at = BASE.plusSeconds(t);
                batch.add(event("Ticket", ticket, 0, new TicketReported(ticket, releaseId, "Problem", "Details", null,
                        null, "reporter", at)));
                batch.add(event("Ticket", ticket, 1, new TicketPrioritised(ticket, Severity.S2, Urgency.HIGH,
                        Priority.P1, null, "bench", "triager", at.plusSeconds(60))));
                batch.add(event("Ticket", ticket, 2, new TicketAssigned(ticket, "dev", "triager",
                        at.plusSeconds(120))));
                batch.add(event("Ticket", ticket, 3, new TicketResolved(ticket, releaseId, Resolution.FIXED, "fixed",
                        null, "dev", at.plusSeconds(3600))));
                if (batch.size() >= BATCH) {
                    appended += batch.size();
                    publish(events, batch);
                }
            }
            batch.add(event("Release", releaseId, 1, new UserUpdatePublished(releaseId, "u1", UserUpdateStatus.RESOLVED,
                    Channel.STATUS_PAGE, "Fixed", List.of(), "responder", BASE.plusSeconds(4000))));
            batch.add(event("Release", releaseId, 2, new LessonRecorded(releaseId, "l1", "Lesson of " + releaseId,
                    "Connection pool exhaustion under load", List.of("no alert"), null, List.of("alert"),
                    List.of("rb-" + release + "-0"), List.of("database"), "responder", BASE.plusSeconds(5000))));
            appended += batch.size();
            publish(events, batch);
            release++;
        }
    }

    /** Appends the batch as one commit and empties it. */
    static void publish(EventStore events, List<EventMessage<?>> batch) {
        if (!batch.isEmpty()) {
            events.publish(new ArrayList<>(batch));
            batch.clear();
        }
    }

    static EventMessage<?> release(String releaseId, long sequence) {
        String[] parts = releaseId.split("@");
        return event("Release", releaseId, sequence, new ReleaseRegistered(releaseId, parts[0], parts[1], BASE, null,
                null, "deployer", BASE));
    }

    static EventMessage<?> event(String type, String aggregateId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(type, aggregateId, sequence, payload);
    }
}
