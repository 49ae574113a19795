package io.aftermath.bench;

import java.time.Instant;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

/** Shaped like a reported ticket, so documents have the size real events have (about 600 bytes of BSON). */
public record BenchEvent(String ticketId, String releaseId, String title, String description, String component,
                         String reporter, Instant at) {

    private static final String DESCRIPTION = "After upgrading to the new release the checkout page spins for "
            + "about thirty seconds and then shows a generic error. It happens for every card type we tried, on "
            + "desktop and mobile, and started right after the 14:02 deploy. Support has twelve similar reports "
            + "and the status page still says all systems operational.";

    private static final Instant REPORTED_AT = Instant.parse("2026-11-20T14:05:00Z");

    private static final MetaData META = MetaData.from(Map.of("actor", "bench", "correlationId", "c-0123456789",
            "causationId", "c-0123456789"));

    static BenchEvent sample(String ticketId, long sequence) {
        return new BenchEvent(ticketId, "checkout@2.4.0", "Checkout spinner never ends (" + sequence + ")",
                DESCRIPTION, "payments", "reporter-" + (sequence % 17), REPORTED_AT);
    }

    /** The event at this place in an aggregate's stream, with the metadata every command leaves. */
    static DomainEventMessage<BenchEvent> message(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Ticket", aggregate, sequence, sample(aggregate, sequence), META);
    }
}
