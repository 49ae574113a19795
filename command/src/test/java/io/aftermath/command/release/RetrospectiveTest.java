package io.aftermath.command.release;

import static io.aftermath.command.Rejections.rejectedWith;
import static io.aftermath.command.release.ReleaseTest.ACTOR;
import static io.aftermath.command.release.ReleaseTest.AT;
import static io.aftermath.command.release.ReleaseTest.ID;
import static io.aftermath.command.release.ReleaseTest.registered;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.command.directory.FakeReleaseDirectory;
import io.aftermath.command.directory.FakeTicketDirectory;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.metadata.MetadataKeys;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.AddActionItem;
import io.aftermath.shared.retrospective.CloseRetrospective;
import io.aftermath.shared.retrospective.CompleteActionItem;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RecordLesson;
import io.aftermath.shared.retrospective.RetrospectiveClosed;

/** The retrospective lives in the release's stream, so this is the Release fixture seen from the meeting room. */
class RetrospectiveTest {

    static final LocalDate DUE = LocalDate.parse("2025-04-01");

    private FixtureConfiguration<Release> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Release.class);
        fixture.registerInjectableResource(new FakeReleaseDirectory());
        fixture.registerInjectableResource(new FakeTicketDirectory().with("t-1", ID).with("t-2", ID));
    }

    static RecordLesson recordLesson(String lessonId, List<String> ticketIds) {
        return new RecordLesson(ID, lessonId, "Retries amplified the outage", "A retry storm hit the card gateway",
                List.of("no jitter", "no circuit breaker"), "Rollback took 4 minutes", List.of("add jitter"),
                ticketIds, List.of("payments"), ACTOR, AT);
    }

    static LessonRecorded lessonRecorded(String lessonId) {
        return new LessonRecorded(ID, lessonId, "Retries amplified the outage", "A retry storm hit the card gateway",
                List.of("no jitter", "no circuit breaker"), "Rollback took 4 minutes", List.of("add jitter"),
                List.of("t-1"), List.of("payments"), ACTOR, AT);
    }

    static ActionItemAdded actionItemAdded(String itemId) {
        return new ActionItemAdded(ID, itemId, "Add jitter", "bob", DUE, null, ACTOR, AT);
    }

    static RetrospectiveClosed closed() {
        return new RetrospectiveClosed(ID, "Two lessons, one action", ACTOR, AT);
    }

    @Test
    void recording_a_lesson_keeps_all_it_says() {
        fixture.given(registered())
                .when(recordLesson("l-1", List.of("t-1")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(lessonRecorded("l-1"));
    }

    @Test
    void a_lesson_linking_an_unknown_ticket_is_rejected() {
        fixture.given(registered())
                .when(recordLesson("l-1", List.of("t-404")))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.UNKNOWN_TICKET));
    }

    @Test
    void a_lesson_without_a_title_is_rejected() {
        fixture.given(registered())
                .when(new RecordLesson(ID, "l-1", "", "Something", List.of(), null, List.of(), List.of(), List.of(),
                        ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void a_lesson_id_is_used_once_per_release() {
        fixture.given(registered(), lessonRecorded("l-1"))
                .when(recordLesson("l-1", List.of("t-1")))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.LESSON_EXISTS));
    }

    @Test
    void no_lesson_is_recorded_after_the_retrospective_is_closed() {
        fixture.given(registered(), closed())
                .when(recordLesson("l-1", List.of("t-1")))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.RETROSPECTIVE_CLOSED))
                // Tester 13: the refusal said only that it was closed.
                .expectExceptionMessage(allOf(containsString("closed by " + ACTOR + " at " + AT),
                        containsString("Two lessons, one action"), containsString("may still be completed")));
    }

    @Test
    void an_action_item_may_follow_from_a_lesson_of_the_release() {
        fixture.given(registered(), lessonRecorded("l-1"))
                .when(new AddActionItem(ID, "a-1", "Add jitter", "bob", DUE, "l-1", ACTOR, AT))
                .expectEvents(new ActionItemAdded(ID, "a-1", "Add jitter", "bob", DUE, "l-1", ACTOR, AT));
    }

    @Test
    void an_action_item_needs_no_lesson_nor_due_date() {
        fixture.given(registered())
                .when(new AddActionItem(ID, "a-1", "Add jitter", "bob", null, null, ACTOR, AT))
                .expectEvents(new ActionItemAdded(ID, "a-1", "Add jitter", "bob", null, null, ACTOR, AT));
    }

    @Test
    void an_action_item_from_an_unknown_lesson_is_rejected() {
        fixture.given(registered(), lessonRecorded("l-1"))
                .when(new AddActionItem(ID, "a-1", "Add jitter", "bob", DUE, "l-2", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.LESSON_NOT_FOUND));
    }

    @Test
    void an_action_item_without_an_owner_is_rejected() {
        fixture.given(registered())
                .when(new AddActionItem(ID, "a-1", "Add jitter", " ", DUE, null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void an_action_item_id_is_used_once_per_release() {
        fixture.given(registered(), actionItemAdded("a-1"))
                .when(new AddActionItem(ID, "a-1", "Other", "carol", null, null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.ACTION_ITEM_EXISTS));
    }

    @Test
    void no_action_item_is_added_after_the_retrospective_is_closed() {
        fixture.given(registered(), closed())
                .when(new AddActionItem(ID, "a-1", "Add jitter", "bob", DUE, null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.RETROSPECTIVE_CLOSED));
    }

    @Test
    void completing_an_action_item_records_the_note() {
        fixture.given(registered(), actionItemAdded("a-1"))
                .when(new CompleteActionItem(ID, "a-1", "Shipped in 2.4.1", "bob", AT))
                .expectEvents(new ActionItemCompleted(ID, "a-1", "Shipped in 2.4.1", "bob", AT));
    }

    @Test
    void completing_an_unknown_action_item_is_rejected() {
        fixture.given(registered(), actionItemAdded("a-1"))
                .when(new CompleteActionItem(ID, "a-2", null, "bob", AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.ACTION_ITEM_NOT_FOUND));
    }

    @Test
    void completing_a_completed_action_item_again_with_the_same_note_changes_nothing() {
        fixture.given(registered(), actionItemAdded("a-1"), new ActionItemCompleted(ID, "a-1", "done", "bob", AT))
                .when(new CompleteActionItem(ID, "a-1", "done", "carol", AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** The new note would otherwise be answered 200 and never recorded. */
    @Test
    void completing_a_completed_action_item_with_another_note_is_rejected() {
        fixture.given(registered(), actionItemAdded("a-1"), new ActionItemCompleted(ID, "a-1", null, "bob", AT))
                .when(new CompleteActionItem(ID, "a-1", "again", "bob", AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.ACTION_ITEM_ALREADY_DONE));
    }

    @Test
    void action_items_are_completed_after_the_retrospective_is_closed() {
        fixture.given(registered(), actionItemAdded("a-1"), closed())
                .when(new CompleteActionItem(ID, "a-1", null, "bob", AT))
                .expectEvents(new ActionItemCompleted(ID, "a-1", null, "bob", AT));
    }

    @Test
    void closing_the_retrospective_records_the_summary() {
        fixture.given(registered(), lessonRecorded("l-1"))
                .when(new CloseRetrospective(ID, "Two lessons, one action", ACTOR, AT))
                .expectEvents(closed());
    }

    @Test
    void closing_without_a_summary_is_rejected() {
        fixture.given(registered())
                .when(new CloseRetrospective(ID, "", ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void closing_again_with_the_same_summary_is_a_retry_that_changes_nothing() {
        fixture.given(registered(), closed())
                .when(new CloseRetrospective(ID, "Two lessons, one action", ACTOR, AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void a_lesson_names_each_ticket_and_tag_once() {
        fixture.given(registered())
                .when(new RecordLesson(ID, "l-1", "Retries amplified the outage", "x", null, null, null,
                        List.of("t-1", "t-2", "t-1"), List.of("payments", " Payments ", "retries"), ACTOR, AT))
                .expectEvents(new LessonRecorded(ID, "l-1", "Retries amplified the outage", "x", List.of(), null,
                        List.of(), List.of("t-1", "t-2"), List.of("payments", "retries"), ACTOR, AT));
    }

    @Test
    void closing_a_closed_retrospective_is_rejected() {
        fixture.given(registered(), closed())
                .when(new CloseRetrospective(ID, "Again", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.RETROSPECTIVE_CLOSED));
    }

    /** The retrospective's commands are the release's: If-Match names the release's version. */
    @Test
    void closing_with_an_outdated_release_version_is_refused_and_applies_nothing() {
        fixture.given(registered(), lessonRecorded("l-1"))
                .when(new CloseRetrospective(ID, "Two lessons, one action", ACTOR, AT),
                        Map.of(MetadataKeys.EXPECTED_VERSIONS, List.of(0L)))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.PRECONDITION_FAILED));
        fixture.given(registered(), lessonRecorded("l-1"))
                .when(new CloseRetrospective(ID, "Two lessons, one action", ACTOR, AT),
                        Map.of(MetadataKeys.EXPECTED_VERSIONS, List.of(1L)))
                .expectEvents(closed());
    }
}
