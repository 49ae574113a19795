package io.aftermath.app.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;

@AftermathHttpTest
class RetrospectiveEndpointsTest {

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
    void recording_a_lesson_answers_201_with_its_id_and_keeps_every_field() {
        String releaseId = api.freshRelease();
        String ticketId = api.reportTicket(releaseId, "Checkout down");

        String lessonId = (String) api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/lessons", Map.of(
                        "title", "A config flag shipped on by default",
                        "whatHappened", "The new flow was live before the backend was",
                        "contributingFactors", List.of("flag defaults", "no canary"),
                        "whatWentWell", "Rollback took four minutes",
                        "improvements", List.of("flags default off"),
                        "ticketIds", List.of(ticketId),
                        "tags", List.of("config", "rollout")))
                .expectStatus().isCreated()
                .expectHeader().exists("X-Aftermath-Position")
                .expectBody(Map.class).returnResult().getResponseBody().get("lessonId");

        assertThat(last(releaseId)).isInstanceOfSatisfying(LessonRecorded.class, lesson -> {
            assertThat(lesson.lessonId()).isEqualTo(lessonId);
            assertThat(lesson.contributingFactors()).containsExactly("flag defaults", "no canary");
            assertThat(lesson.whatWentWell()).isEqualTo("Rollback took four minutes");
            assertThat(lesson.ticketIds()).containsExactly(ticketId);
            assertThat(lesson.tags()).containsExactly("config", "rollout");
        });
    }

    @Test
    void adding_an_action_item_answers_201_with_its_id() {
        String releaseId = api.freshRelease();
        String lessonId = api.recordLesson(releaseId);

        String actionItemId = (String) api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                        Map.of("title", "Default flags off", "owner", "release-team", "dueDate", "2030-01-31",
                                "lessonId", lessonId))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("actionItemId");

        assertThat(last(releaseId)).isInstanceOfSatisfying(ActionItemAdded.class, item -> {
            assertThat(item.actionItemId()).isEqualTo(actionItemId);
            assertThat(item.dueDate()).hasToString("2030-01-31");
            assertThat(item.lessonId()).isEqualTo(lessonId);
        });
    }

    /** Before (tester 22): an empty lessonId was 422 "No lesson  in this release"; " ops " was kept as an owner. */
    @Test
    void an_empty_lesson_id_is_400_and_an_owner_loses_the_spaces_around_it() {
        String releaseId = api.freshRelease();

        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                        Map.of("title", "Default flags off", "owner", "ops", "lessonId", ""))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("lessonId");
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                        Map.of("title", "Default flags off", "owner", "\u00a0ops "))
                .expectStatus().isCreated();

        assertThat(last(releaseId)).isInstanceOfSatisfying(ActionItemAdded.class,
                item -> assertThat(item.owner()).isEqualTo("ops"));
    }

    @Test
    void completing_an_action_item_works_with_or_without_a_body() {
        String releaseId = api.freshRelease();
        String first = api.addActionItem(releaseId);
        String second = api.addActionItem(releaseId);

        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items/" + first + "/complete",
                        Map.of("note", "merged"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.actionItemId").isEqualTo(first).jsonPath("$.done").isEqualTo(true);
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items/" + second + "/complete", null)
                .expectStatus().isOk();

        assertThat(eventStore.readEvents(releaseId).asStream().map(DomainEventMessage::getPayload)
                .filter(ActionItemCompleted.class::isInstance).map(p -> ((ActionItemCompleted) p).actionItemId()))
                .containsExactly(first, second);
    }

    @Test
    void closing_the_retrospective_records_the_summary() {
        String releaseId = api.freshRelease();

        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/close-retrospective",
                        Map.of("summary", "Flags default off from now on"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.closed").isEqualTo(true);

        assertThat(last(releaseId)).isInstanceOfSatisfying(RetrospectiveClosed.class,
                closed -> assertThat(closed.summary()).isEqualTo("Flags default off from now on"));
    }

    private Object last(String releaseId) {
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(releaseId).asStream().toList();
        return events.get(events.size() - 1).getPayload();
    }
}
