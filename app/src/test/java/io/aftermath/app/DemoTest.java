package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.demo.DemoReport;
import io.aftermath.app.demo.DemoSeeder;
import io.aftermath.app.command.support.SettledProjections;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * {@code --demo} seeds a whole difficult release through the command path, once: the second run finds
 * the story in the log and appends nothing.
 */
@AftermathHttpTest
class DemoTest {

    /** One event for each of the 89 steps, plus a DuplicateAttached per duplicate (8) and one RegressionDetected. */
    static final int STORY_EVENTS = 98;
    static final String RELEASE = "checkout@2.4.0";

    @Autowired
    DemoSeeder seeder;
    @Autowired
    MongoLedgerStorageEngine ledger;
    @Autowired
    WebTestClient client;

    @AfterEach
    void letTheProjectionsCatchUp() {
        SettledProjections.await(client, ledger);
    }

    @Test
    void the_demo_tells_the_checkout_release_once_and_a_second_run_adds_nothing() {
        long start = ledger.head();

        DemoReport first = seeder.seed();
        long afterFirst = ledger.head();
        DemoReport second = seeder.seed();

        assertThat(first.alreadyPresent()).isFalse();
        assertThat(first.skipped()).isZero();
        assertThat(afterFirst - start).as("events of the story").isEqualTo(STORY_EVENTS);
        assertThat(second.alreadyPresent()).isTrue();
        assertThat(second.sent()).isZero();
        assertThat(ledger.head()).as("no growth on the second run").isEqualTo(afterFirst);

        List<? extends TrackedEventMessage<?>> log = ledger.readEvents(
                start == 0 ? null : new GlobalSequenceTrackingToken(start - 1), false).toList();
        assertThat(log).hasSize(STORY_EVENTS);
        assertStory(log.stream().<Object>map(TrackedEventMessage::getPayload).toList());
        assertThat(log).allSatisfy(event -> {
            assertThat(event.getMetaData()).containsKeys("actor", "correlationId", "causationId");
            assertThat((String) event.getMetaData().get("correlationId")).startsWith("demo-checkout-240-");
        });
        assertThat(log.stream().map(event -> event.getMetaData().get("actor")).distinct().count())
                .as("several people act").isGreaterThanOrEqualTo(10);
    }

    private static void assertStory(List<Object> payloads) {
        assertThat(of(payloads, TicketReported.class)).hasSize(25)
                .allSatisfy(ticket -> assertThat(ticket.releaseId()).isEqualTo(RELEASE))
                .extracting(TicketReported::reportedVia).contains("in-app", "support", "alerting");
        assertThat(of(payloads, ReleaseRegistered.class)).extracting(ReleaseRegistered::releaseId,
                        ReleaseRegistered::hotfixOf)
                .containsExactly(tuple(RELEASE, null),
                        tuple("checkout@2.4.1", RELEASE),
                        tuple("checkout@2.4.2", RELEASE));

        Map<Resolution, Long> resolutions = of(payloads, TicketResolved.class).stream()
                .collect(Collectors.groupingBy(TicketResolved::resolution, Collectors.counting()));
        assertThat(resolutions).containsKeys(Resolution.HOTFIXED, Resolution.FIXED, Resolution.WORKS_AS_DESIGNED,
                Resolution.DOCUMENTED, Resolution.WONT_FIX);
        assertThat(of(payloads, TicketResolved.class))
                .filteredOn(resolved -> resolved.resolution() == Resolution.HOTFIXED)
                .singleElement().satisfies(hotfixed -> {
                    assertThat(hotfixed.ticketId()).isEqualTo("demo-checkout-240-02");
                    assertThat(hotfixed.fixedIn()).isEqualTo("checkout@2.4.1");
                });

        assertThat(of(payloads, TicketMarkedDuplicate.class)).hasSize(8)
                .filteredOn(duplicate -> duplicate.canonicalTicketId().equals("demo-checkout-240-02")).hasSize(7);
        assertThat(of(payloads, RegressionDetected.class)).singleElement().satisfies(regression -> {
            assertThat(regression.ticketId()).isEqualTo("demo-checkout-240-10");
            assertThat(regression.fixedIn()).isEqualTo("checkout@2.4.1");
            assertThat(regression.observedIn()).isEqualTo("checkout@2.4.2");
        });

        List<UserUpdatePublished> updates = of(payloads, UserUpdatePublished.class);
        assertThat(updates).extracting(UserUpdatePublished::status).containsSubsequence(
                UserUpdateStatus.INVESTIGATING, UserUpdateStatus.IDENTIFIED, UserUpdateStatus.MONITORING,
                UserUpdateStatus.RESOLVED);
        assertThat(updates).extracting(UserUpdatePublished::channel).contains(Channel.values());

        assertThat(of(payloads, LessonRecorded.class)).hasSizeBetween(2, 3).allSatisfy(lesson -> {
            assertThat(lesson.contributingFactors()).isNotEmpty();
            assertThat(lesson.improvements()).isNotEmpty();
            assertThat(lesson.ticketIds()).isNotEmpty();
        });
        assertThat(of(payloads, ActionItemAdded.class)).hasSize(7).allSatisfy(item -> {
            assertThat(item.owner()).isNotBlank();
            assertThat(item.dueDate()).isNotNull();
            assertThat(item.lessonId()).isNotNull();
        });
        assertThat(of(payloads, ActionItemCompleted.class)).hasSize(4);
        assertThat(of(payloads, RetrospectiveClosed.class)).singleElement()
                .satisfies(closed -> assertThat(closed.summary()).isNotBlank());

        List<Instant> moments = payloads.stream().map(DemoTest::at).toList();
        assertThat(moments).as("hours pass, in order").isSorted()
                .first().isEqualTo(Instant.parse("2026-11-17T08:00:00Z"));
        assertThat(moments.stream().distinct().count()).as("steps at distinct moments").isGreaterThan(80);
    }

    private static <T> List<T> of(List<Object> payloads, Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every event of the language records when it happened in a component named {@code at}. */
    private static Instant at(Object payload) {
        for (RecordComponent component : payload.getClass().getRecordComponents()) {
            if (component.getName().equals("at")) {
                try {
                    return (Instant) component.getAccessor().invoke(payload);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("No at in " + payload);
    }
}
