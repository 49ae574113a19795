package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.reopened;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.support.EventLog;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * Teams look for a past lesson by what went wrong in its tickets or by what was done about it: a lesson is found
 * by its linked tickets' titles and latest resolution summaries and by its action items' titles, in whatever order
 * the domain lets them arrive, but ranks below a lesson that says the words itself.
 */
class LessonLinkedTextTest {

    private static final String RELEASE = "checkout@2.4.0";

    @TempDir
    Path base;

    private final SearchIndex memory = SearchIndex.inMemory();
    private final SearchProjection projection = new SearchProjection(memory);
    private final EventLog log = new EventLog();
    private int applied;

    @AfterEach
    void tearDown() {
        memory.close();
    }

    @Test
    void a_lesson_is_found_by_the_title_of_a_ticket_reported_long_before_it() {
        log.append(reported("t1", "Card payments timeout at the gateway", 1), reported("t2", "Ocelot escaped", 2));
        for (int i = 0; i < 50; i++) {
            log.append(reported("other" + i, "Unrelated report " + i, 3 + i));
        }
        log.append(lesson("l1", "Retries without a budget", List.of("t1"), 600));
        apply(log);

        assertThat(search("card payments timeout")).singleElement().satisfies(hit -> {
            assertThat(hit.id()).isEqualTo("l1");
            assertThat(hit.snippet()).as("the line it was found by")
                    .isEqualTo("<b>Card payments timeout</b> at the gateway");
        });
        assertThat(search("ocelot")).as("a ticket the lesson does not link").isEmpty();
        assertThat(found(projection, "unrelated report").total()).as("tickets are no hits of their own").isZero();
    }

    @Test
    void a_lesson_is_found_by_its_tickets_resolution_summary_recorded_after_it() {
        log.append(reported("t1", "Checkout hangs", 1), lesson("l1", "Retries without a budget", List.of("t1"), 5));
        apply(log);
        assertThat(search("connection limit")).isEmpty();

        log.append(resolved("t1", "Raised the gateway connection limit", 9));
        apply(log);

        assertThat(search("connection limit")).extracting(PostmortemHit::id).containsExactly("l1");
    }

    @Test
    void a_lesson_is_found_by_the_title_of_an_action_item_added_after_it() {
        log.append(reported("t1", "Checkout hangs", 1), lesson("l1", "Retries without a budget", List.of("t1"), 5),
                actionItem("a1", "l1", "Page on connection pool exhaustion", 6),
                actionItem("a2", null, "Tidy the ocelot enclosure", 7));
        apply(log);

        assertThat(search("pool exhaustion")).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(search("ocelot")).as("an action item recorded with no lesson").isEmpty();
    }

    @Test
    void a_reopened_ticket_resolved_again_lends_its_lesson_only_its_latest_summary() {
        log.append(reported("t1", "Checkout hangs", 1), resolved("t1", "Restarted the tapir daemon", 2),
                lesson("l1", "Retries without a budget", List.of("t1"), 5),
                reopened("t1", RELEASE, null, 6));
        apply(log);
        assertThat(search("tapir")).as("a reopened ticket's fix did not hold").isEmpty();

        log.append(resolved("t1", "Replaced the lynx gateway", 9));
        apply(log);

        assertThat(search("lynx")).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(search("tapir")).isEmpty();
        assertThat(search("checkout hangs")).as("its title stays").extracting(PostmortemHit::id).containsExactly("l1");
    }

    @Test
    void a_lesson_whose_own_title_matches_ranks_above_one_that_matches_only_through_a_ticket() {
        log.append(reported("t1", "Card payments timeout", 1), reported("t2", "Slow pages", 2),
                lesson("through-ticket", "Retries without a budget", List.of("t1"), 5),
                lesson("own-title", "Card payments timeout", List.of("t2"), 6));
        apply(log);

        List<PostmortemHit> hits = search("card payments timeout");

        assertThat(hits).extracting(PostmortemHit::id).containsExactly("own-title", "through-ticket");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void a_lessons_own_text_is_its_snippet_where_it_matches() {
        log.append(reported("t1", "Gateway timeout", 1),
                lesson("l1", "Retries without a budget", List.of("t1"), 5));
        apply(log);

        assertThat(search("retries timeout")).singleElement().extracting(PostmortemHit::snippet)
                .isEqualTo("<b>Retries</b> piled up on the gateway");
    }

    @Test
    void replaying_the_log_twice_changes_no_result() {
        log.append(reported("t1", "Card payments timeout", 1), lesson("l1", "Retries without a budget", List.of("t1"), 5),
                resolved("t1", "Raised the gateway connection limit", 6),
                actionItem("a1", "l1", "Page on pool exhaustion", 7), actionItem("a2", "l1", "Budget the retries", 8));
        apply(log);
        PostmortemHits once = found(projection, "timeout limit exhaustion budget");

        log.applyTo(projection);
        memory.commit(log.head());

        assertThat(found(projection, "timeout limit exhaustion budget")).isEqualTo(once);
    }

    /** The ticket's text lives in the index on disk: after a restart a resolution still finds the lesson. */
    @Test
    void what_a_lesson_is_found_by_survives_a_restart_and_a_rebuild() throws Exception {
        log.append(reported("t1", "Card payments timeout", 1), lesson("l1", "Retries without a budget", List.of("t1"), 5));
        try (SearchIndex index = new SearchIndex(base, "store-1", log.head(), log::eventIdAt)) {
            log.applyTo(new SearchProjection(index));
            index.commit(log.head());
        }
        log.append(resolved("t1", "Raised the gateway connection limit", 6),
                actionItem("a1", "l1", "Page on pool exhaustion", 7));

        try (SearchIndex index = new SearchIndex(base, "store-1", log.head(), log::eventIdAt)) {
            SearchProjection restarted = new SearchProjection(index);
            log.applyTo(restarted, 2, log.size());
            index.commit(log.head());
            for (String q : List.of("card payments timeout", "connection limit", "pool exhaustion")) {
                assertThat(search(restarted, q)).as(q).extracting(PostmortemHit::id).containsExactly("l1");
            }

            assertThat(index.beginRebuild()).isTrue();
            assertThat(index.replay(() -> log.applyTo(restarted), log.head())).isTrue();
            assertThat(index.completeRebuildIfCaughtUp()).isTrue();
            for (String q : List.of("card payments timeout", "connection limit", "pool exhaustion")) {
                assertThat(search(restarted, q)).as("rebuilt: " + q).extracting(PostmortemHit::id)
                        .containsExactly("l1");
            }
        }
    }

    /** What the log holds beyond what was applied, as a processor would go on. */
    private void apply(EventLog events) {
        events.applyTo(projection, applied, events.size());
        applied = events.size();
        memory.commit(events.head());
    }

    private List<PostmortemHit> search(String q) {
        return search(projection, q);
    }

    private static List<PostmortemHit> search(SearchProjection projection, String q) {
        return found(projection, q).hits();
    }

    private static PostmortemHits found(SearchProjection projection, String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10));
    }

    private static TicketReported reported(String ticketId, String title, long minute) {
        return new TicketReported(ticketId, RELEASE, title, "Customers wrote in", "payments", "web", "reporter",
                minutes(minute));
    }

    private static TicketResolved resolved(String ticketId, String summary, long minute) {
        return new TicketResolved(ticketId, RELEASE, Resolution.FIXED, summary, null, "responder", minutes(minute));
    }

    private static LessonRecorded lesson(String lessonId, String title, List<String> ticketIds, long minute) {
        return new LessonRecorded(RELEASE, lessonId, title, "Retries piled up on the gateway", List.of("no budget"),
                null, List.of("cap them"), ticketIds, List.of(), "responder", minutes(minute));
    }

    private static ActionItemAdded actionItem(String itemId, String lessonId, String title, long minute) {
        return new ActionItemAdded(RELEASE, itemId, title, "sre", LocalDate.of(2024, 6, 1), lessonId, "responder",
                minutes(minute));
    }
}
