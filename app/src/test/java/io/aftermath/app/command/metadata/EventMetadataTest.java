package io.aftermath.app.command.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;

/**
 * Every stored event says who, which request, which command and when: actor, correlationId, causationId,
 * timestamp, and for a write sent with an {@code Idempotency-Key}, requestId.
 */
@AftermathHttpTest
class EventMetadataTest {

    @Autowired
    WebTestClient client;
    @Autowired
    EventStore eventStore;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void a_stored_event_carries_actor_correlation_and_causation() {
        String releaseId = api.freshRelease();

        String ticketId = (String) api.post(TestUsers.REPORTER, "/api/tickets",
                        Map.of("releaseId", releaseId, "title", "t", "description", "d"),
                        headers -> headers.set("X-Correlation-Id", "incident-42.call-7"))
                .expectStatus().isCreated()
                .expectHeader().valueEquals("X-Correlation-Id", "incident-42.call-7")
                .expectBody(Map.class).returnResult().getResponseBody().get("ticketId");

        MetaData metaData = eventStore.readEvents(ticketId).next().getMetaData();
        assertThat(metaData).containsEntry("actor", TestUsers.REPORTER)
                .containsEntry("correlationId", "incident-42.call-7")
                .containsKey("causationId");
        assertThat((String) metaData.get("causationId")).isNotBlank().isNotEqualTo("incident-42.call-7");
    }

    /** The contract lists the timestamp among an event's metadata (tester 85: it was beside the metadata only). */
    @Test
    void a_stored_event_carries_its_own_timestamp_in_its_metadata() {
        DomainEventMessage<?> registered = eventStore.readEvents(api.freshRelease()).next();

        assertThat(registered.getMetaData()).containsEntry("timestamp", registered.getTimestamp().toString());
    }

    @Test
    void events_of_one_command_share_its_causation_and_each_command_has_its_own() {
        String releaseId = api.freshRelease();
        String canonical = api.reportTicket(releaseId, "Login fails");
        String duplicate = api.reportTicket(releaseId, "Cannot sign in");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate",
                Map.of("canonicalTicketId", canonical)).expectStatus().isOk();

        MetaData marked = last(duplicate);
        MetaData attached = last(canonical);
        assertThat(marked.get("causationId")).isEqualTo(attached.get("causationId"));
        assertThat(marked.get("correlationId")).isEqualTo(attached.get("correlationId"));
        assertThat(marked.get("actor")).isEqualTo(TestUsers.TRIAGER);
        assertThat(first(canonical).get("causationId")).isNotEqualTo(marked.get("causationId"));
    }

    @Test
    void events_of_a_keyed_write_carry_its_request_id_and_others_none() {
        String releaseId = api.freshRelease();
        String keyed = (String) api.post(TestUsers.REPORTER, "/api/tickets",
                        Map.of("releaseId", releaseId, "title", "t", "description", "d"),
                        headers -> headers.set("Idempotency-Key", UUID.randomUUID().toString()))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("ticketId");
        String unkeyed = api.reportTicket(releaseId, "t");

        assertThat((String) first(keyed).get("requestId")).matches("[0-9a-f-]{36}");
        assertThat(first(unkeyed)).doesNotContainKey("requestId");
    }

    @Test
    void an_insane_correlation_id_is_replaced_by_a_fresh_one() {
        String generated = api.post(TestUsers.RESPONDER, "/api/releases",
                        Map.of("service", Ids.service("svc"), "version", "1.0"),
                        headers -> headers.set("X-Correlation-Id", "<script>alert(1)</script>"))
                .expectStatus().isCreated()
                .returnResult(Void.class).getResponseHeaders().getFirst("X-Correlation-Id");

        assertThat(generated).matches("[0-9a-f-]{36}");
    }

    @Test
    void problems_carry_the_correlation_id_too() {
        api.post(TestUsers.REPORTER, "/api/tickets", Map.of(), headers -> headers.set("X-Correlation-Id", "req-1"))
                .expectStatus().isBadRequest()
                .expectHeader().valueEquals("X-Correlation-Id", "req-1")
                .expectBody().jsonPath("$.correlationId").isEqualTo("req-1");
    }

    private MetaData last(String aggregateId) {
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(aggregateId).asStream().toList();
        return events.get(events.size() - 1).getMetaData();
    }

    private MetaData first(String aggregateId) {
        return eventStore.readEvents(aggregateId).next().getMetaData();
    }
}
