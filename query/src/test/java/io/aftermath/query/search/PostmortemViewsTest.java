package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.prioritised;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.Incidents;
import io.aftermath.shared.postmortem.PostmortemContent;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.postmortem.PostmortemRevised;
import io.aftermath.shared.query.FindPostmortem;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemView;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

class PostmortemViewsTest {

    private static final String STORE = "store-1";
    /** Markdown as a reader wrote it: non-ASCII, an emoji, CRLF and a hard break, HTML, a link. */
    static final String BODY = "# Störung im Zahlungsdienst 💳\r\n\r\nDer Cache war **kalt** — «wieder»;  \n"
            + "see [the runbook](https://runbooks.example.org/cache) and <b>this</b>.\n\n```\nretry  = 3\n```\n";

    private final PostmortemImported imported = new PostmortemImported("pm-0123456789abcdef0123", "acme-wiki",
            "uuid-42", "Zahlungen schlugen fehl", "Acme", "Kasse", List.of("cloud", "payments"),
            List.of("cache", "cold start, again"), Instant.parse("2023-02-01T10:15:30.123456789Z"),
            Instant.parse("2023-02-01T12:00:00Z"), "Ein *kalter* Cache.", BODY, "https://example.org/pm",
            "importer", Instant.parse("2024-05-02T08:00:00.5Z"));
    private final LessonRecorded lessonRecorded = new LessonRecorded("checkout@1.0",
            "5b1f0c2e-8d2a-4f0e-9a57-1f2d3c4b5a69", "Pool exhaustion", "The pool ran dry",
            List.of("no alert on pool usage", "a cold cache"), "the rollback was quick",
            List.of("alert at 80%", "warm the cache"), List.of("t1"), List.of("database", "capacity"), "responder",
            Incidents.minutes(5));
    private final EventLog log = new EventLog().append(imported, prioritised("t1", Severity.S2, Urgency.HIGH, null, 1),
            lessonRecorded);

    @TempDir
    Path base;

    @Test
    void an_imported_postmortem_is_read_whole_with_its_markdown_as_imported() {
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = apply(index, log);

            assertThat(find(projection, imported.postmortemId())).hasValue(new PostmortemView("postmortem",
                    imported.postmortemId(), "Zahlungen schlugen fehl", "Kasse", null, List.of(), "Acme",
                    List.of("cloud", "payments", "cache", "cold start, again"), null,
                    Instant.parse("2023-02-01T10:15:30.123Z"), "https://example.org/pm", "importer", null, List.of(),
                    null, List.of(), "acme-wiki", "uuid-42", "Kasse", List.of("cloud", "payments"),
                    List.of("cache", "cold start, again"), imported.startTime(), imported.endTime(),
                    "Ein *kalter* Cache.", BODY, imported.at(), 0, null, null));
        }
    }

    @Test
    void a_lesson_is_read_whole_with_the_severity_its_hit_has() {
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = apply(index, log);

            PostmortemView view = find(projection, lessonRecorded.lessonId()).orElseThrow();

            assertThat(view).isEqualTo(new PostmortemView("lesson", lessonRecorded.lessonId(), "Pool exhaustion",
                    "checkout", "checkout@1.0", List.of("t1"), null, List.of("database", "capacity"), Severity.S2,
                    Incidents.minutes(5), null, "responder", "The pool ran dry",
                    List.of("no alert on pool usage", "a cold cache"), "the rollback was quick",
                    List.of("alert at 80%", "warm the cache"), null, null, null, List.of(), List.of(), null, null, null,
                    null, null, null, null, null));
            PostmortemHit hit = projection.handle(new SearchPostmortems("pool", null, null, null, null, null, 10))
                    .hits().get(0);
            assertThat(List.of(view.kind(), view.id(), view.title(), view.service(), view.releaseId(),
                    view.ticketIds(), view.tags(), view.severity(), view.at()))
                    .as("what the hit has, as the hit has it").isEqualTo(List.of(hit.kind(), hit.id(), hit.title(),
                            hit.service(), hit.releaseId(), hit.ticketIds(), hit.tags(), hit.severity(), hit.at()));
        }
    }

    /** A revision replaces what the post-mortem says, for reading and for search, and keeps its first import. */
    @Test
    void a_revised_postmortem_is_read_and_found_as_revised() {
        PostmortemContent corrected = new PostmortemContent("Zahlungen schlugen fehl (korrigiert)", "Acme", "Kasse",
                List.of("payments"), List.of("dns"), imported.startTime(), imported.endTime(), "Ein Resolver fiel aus.",
                "Der Resolver war falsch konfiguriert.", "https://example.org/pm");
        Instant revisedAt = Instant.parse("2024-06-01T09:00:00Z");
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = apply(index, log.append(new PostmortemRevised(imported.postmortemId(),
                    "acme-wiki", "uuid-42", corrected, 1, imported.at(), "importer", "editor", revisedAt)));

            PostmortemView view = find(projection, imported.postmortemId()).orElseThrow();

            assertThat(List.of(view.title(), view.body(), view.tags(), view.actor(), view.importedAt(),
                    view.revisions(), view.revisedAt(), view.revisedBy())).isEqualTo(List.of(corrected.title(),
                    corrected.body(), List.of("payments", "dns"), "importer", imported.at(), 1, revisedAt, "editor"));
            assertThat(projection.handle(new SearchPostmortems("resolver", null, null, null, null, null, 10)).total())
                    .isEqualTo(1);
            assertThat(projection.handle(new SearchPostmortems("kalter", null, null, null, null, null, 10)).total())
                    .as("what it said before").isZero();
        }
    }

    /** The lesson's document is written anew when a linked ticket's severity changes: its whole text stays. */
    @Test
    void a_lesson_reprioritised_through_its_ticket_is_still_read_whole() {
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = apply(index, log.append(prioritised("t1", Severity.S1, Urgency.HIGH,
                    null, 9)));

            PostmortemView view = find(projection, lessonRecorded.lessonId()).orElseThrow();

            assertThat(view.severity()).isEqualTo(Severity.S1);
            assertThat(view.contributingFactors()).containsExactly("no alert on pool usage", "a cold cache");
            assertThat(view.whatWentWell()).isEqualTo("the rollback was quick");
            assertThat(view.improvements()).containsExactly("alert at 80%", "warm the cache");
            assertThat(view.actor()).isEqualTo("responder");
        }
    }

    @Test
    void an_id_of_no_lesson_or_postmortem_is_found_nowhere_not_even_a_tickets() {
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = apply(index, log);

            assertThat(find(projection, "pm-ffffffffffffffffffff")).isEmpty();
            assertThat(find(projection, "t1")).as("tickets are in the index for lessons' severity only").isEmpty();
            assertThat(find(projection, "lesson:" + lessonRecorded.lessonId())).isEmpty();
        }
    }

    @Test
    void what_is_read_whole_survives_a_restart_with_the_index() {
        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            apply(index, log);
        }

        try (SearchIndex reopened = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            SearchProjection projection = new SearchProjection(reopened);
            assertThat(reopened.rebuilding()).isFalse();
            assertThat(find(projection, imported.postmortemId())).get().extracting(PostmortemView::body)
                    .isEqualTo(BODY);
            assertThat(find(projection, lessonRecorded.lessonId())).get()
                    .extracting(PostmortemView::contributingFactors).isEqualTo(lessonRecorded.contributingFactors());
        }
    }

    @Test
    void a_rebuild_reads_the_log_again_and_is_read_whole_once_served() throws Exception {
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = apply(index, log);
            assertThat(index.beginRebuild()).isTrue();

            assertThat(index.replay(() -> log.applyTo(projection), log.head())).isTrue();

            assertThat(index.completeRebuildIfCaughtUp()).isTrue();
            assertThat(find(projection, imported.postmortemId())).get().extracting(PostmortemView::body)
                    .isEqualTo(BODY);
        }
    }

    static SearchProjection apply(SearchIndex index, EventLog events) {
        SearchProjection projection = new SearchProjection(index);
        events.applyTo(projection);
        index.commit(events.head());
        return projection;
    }

    static Optional<PostmortemView> find(SearchProjection projection, String id) {
        return projection.handle(new FindPostmortem(id));
    }
}
