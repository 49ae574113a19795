package io.aftermath.app.command.web;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.UserUpdateStatus;

@AftermathHttpTest
class ReleaseEndpointsTest {

    @Autowired
    WebTestClient client;
    @Autowired
    EventStore eventStore;
    @Autowired
    MongoLedgerStorageEngine ledger;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void registering_a_release_answers_201_with_its_id_location_and_log_position() {
        String service = Ids.service("checkout");

        var result = api.post(TestUsers.RESPONDER, "/api/releases", Map.of("service", service, "version", "2.4.0",
                        "deployedAt", "2024-05-01T10:00:00Z", "notes", "new payment flow"))
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/api/releases/" + service + "@2.4.0")
                .expectBody()
                .jsonPath("$.releaseId").isEqualTo(service + "@2.4.0")
                .returnResult();

        long position = Long.parseLong(result.getResponseHeaders().getFirst("X-Aftermath-Position"));
        assertThat(position).isPositive().isLessThanOrEqualTo(ledger.head());
        ReleaseRegistered registered = (ReleaseRegistered) eventStore.readEvents(service + "@2.4.0").next().getPayload();
        assertThat(registered.deployedAt()).hasToString("2024-05-01T10:00:00Z");
        assertThat(registered.notes()).isEqualTo("new payment flow");
        assertThat(registered.actor()).isEqualTo(TestUsers.RESPONDER);
    }

    @Test
    void a_hotfix_names_the_release_it_fixes() {
        String service = Ids.service("checkout");
        String broken = api.registerRelease(service, "2.4.0");

        api.registerRelease(service, "2.4.1", broken);

        ReleaseRegistered hotfix = (ReleaseRegistered) eventStore.readEvents(service + "@2.4.1").next().getPayload();
        assertThat(hotfix.hotfixOf()).isEqualTo(broken);
    }

    /** Another service's release, or a version before the one it fixes: neither is a hotfix of it. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"another service, 1.0.9", "the same service, 0.9.0"})
    void a_hotfix_that_is_not_a_later_version_of_the_same_service_is_422_invalid_hotfix_and_appends_nothing(
            String serviceOfHotfix, String version) {
        String service = Ids.service("billing");
        String broken = api.registerRelease(service, "1.0.0");
        String hotfixService = serviceOfHotfix.equals("another service") ? Ids.service("other") : service;
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.post(TestUsers.RESPONDER, "/api/releases",
                Map.of("service", hotfixService, "version", version, "hotfixOf", broken)), 422, "INVALID_HOTFIX");

        head.assertUnchanged();
    }

    @Test
    void publishing_a_user_update_answers_201_with_the_update_id() {
        String releaseId = api.freshRelease();
        String ticketId = api.reportTicket(releaseId, "Checkout fails");

        String updateId = (String) api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/user-updates",
                        Map.of("status", "INVESTIGATING", "channel", "status page",
                                "message", "We are looking into failed payments", "ticketIds", List.of(ticketId)))
                .expectStatus().isCreated()
                .expectHeader().exists("X-Aftermath-Position")
                .expectBody(Map.class).returnResult().getResponseBody().get("updateId");

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(releaseId).asStream().toList();
        UserUpdatePublished published = (UserUpdatePublished) events.get(events.size() - 1).getPayload();
        assertThat(published.updateId()).isEqualTo(updateId);
        assertThat(published.status()).isEqualTo(UserUpdateStatus.INVESTIGATING);
        assertThat(published.channel()).isEqualTo(Channel.STATUS_PAGE);
        assertThat(published.ticketIds()).containsExactly(ticketId);
    }

    @Test
    void user_update_channels_use_the_contract_words() {
        String releaseId = api.freshRelease();

        for (String channel : List.of("in-app", "email")) {
            api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/user-updates",
                            Map.of("status", "MONITORING", "channel", channel, "message", "A fix is rolling out"))
                    .expectStatus().isCreated();
        }

        assertThat(eventStore.readEvents(releaseId).asStream().map(DomainEventMessage::getPayload)
                .filter(UserUpdatePublished.class::isInstance).map(p -> ((UserUpdatePublished) p).channel()))
                .containsExactly(Channel.IN_APP, Channel.EMAIL);
    }

    /** Before, RESOLVED naming an open ticket was recorded without a word (tester 19): users were told a falsehood. */
    @Test
    void an_update_its_tickets_contradict_is_recorded_with_warnings_saying_so() {
        String releaseId = api.freshRelease();
        String open = api.reportTicket(releaseId, "Refunds stuck");
        String fixed = api.reportTicket(releaseId, "Receipts missing");
        api.resolve(fixed, "FIXED", null);

        Map<?, ?> resolved = update(releaseId, "RESOLVED", List.of(open, fixed));
        Map<?, ?> investigating = update(releaseId, "INVESTIGATING", List.of(fixed));
        Map<?, ?> monitoring = update(releaseId, "MONITORING", List.of(open, fixed));

        assertThat(resolved.get("warnings")).isEqualTo(List.of(
                "Ticket " + open + " is still open, and the update tells users RESOLVED"));
        assertThat(investigating.get("warnings")).isEqualTo(List.of(
                "Ticket " + fixed + " is resolved, and the update tells users INVESTIGATING"));
        assertThat(monitoring.get("warnings")).isEqualTo(List.of());
        assertThat(eventStore.readEvents(releaseId).asStream().map(DomainEventMessage::getPayload)
                .filter(UserUpdatePublished.class::isInstance)).as("recorded all the same").hasSize(3);
    }

    private Map<?, ?> update(String releaseId, String status, List<String> ticketIds) {
        return api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/user-updates",
                        Map.of("status", status, "channel", "status page", "message", "About the payments",
                                "ticketIds", ticketIds))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
