package io.aftermath.query.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Generations;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.Incidents;
import io.aftermath.query.support.Story;
import io.aftermath.shared.query.ActionItemView;
import io.aftermath.shared.query.FindRelease;
import io.aftermath.shared.query.FindReleases;
import io.aftermath.shared.query.ReleaseHealth;
import io.aftermath.shared.query.ResponseTimes;
import io.aftermath.shared.query.ReleaseView;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class ReleaseProjectionTest {

    private MongoDatabase database;
    private ReleaseProjection projection;
    private final EventLog log = Story.checkoutOutage();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T23:59:59Z"));

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        projection = new ReleaseProjection(database, new Generations(database), clock);
    }

    @Test
    void a_release_counts_its_tickets_by_status_and_priority() {
        log.applyTo(projection);

        ReleaseHealth health = release(Story.RELEASE).health();

        assertThat(health.tickets()).isEqualTo(3);
        assertThat(health.open()).isEqualTo(1);
        assertThat(health.byStatus()).containsEntry("RESOLVED", 1).containsEntry("DUPLICATE", 1)
                .containsEntry("TRIAGED", 1).containsEntry("REPORTED", 0);
        assertThat(health.byPriority()).containsEntry("P1", 1).containsEntry("P4", 1).containsEntry("NONE", 0);
        assertThat(health.openByPriority()).containsEntry("P4", 1).containsEntry("P1", 0);
        assertThat(health.regressions()).isEqualTo(1);
    }

    @Test
    void mtta_and_mttr_are_means_over_acknowledged_and_resolved_tickets_by_priority() {
        log.applyTo(projection);

        ReleaseHealth health = release(Story.RELEASE).health();

        // t1: reported at 10, prioritised at 20, resolved (finally) at 300; t3: reported at 25, prioritised at 210.
        assertThat(health.overall().acknowledged()).isEqualTo(2);
        assertThat(health.overall().mtta()).isEqualTo(Duration.ofMinutes((10 + 185) / 2).plusSeconds(30));
        assertThat(health.overall().resolved()).isEqualTo(1);
        assertThat(health.overall().mttr()).isEqualTo(Duration.ofMinutes(290));
        assertThat(health.perPriority().get("P1").mtta()).isEqualTo(Duration.ofMinutes(10));
        assertThat(health.perPriority().get("P4").mtta()).isEqualTo(Duration.ofMinutes(185));
        assertThat(health.perPriority().get("P4").mttr()).isNull();
    }

    /** Tester 13: overall counted a ticket resolved unprioritised, which no per-priority bucket showed. */
    @Test
    void a_ticket_resolved_before_it_was_prioritised_has_its_own_bucket_so_the_buckets_add_up() {
        new EventLog().append(Incidents.deployed("shop@1.0", 0), Incidents.reported("u", "shop@1.0", "uma", 5),
                Incidents.resolved("u", "shop@1.0", 50)).applyTo(projection);

        ReleaseHealth health = release("shop@1.0").health();

        assertThat(health.overall().resolved()).isEqualTo(1);
        assertThat(health.perPriority().get("NONE").resolved()).isEqualTo(1);
        assertThat(health.perPriority().get("NONE").mttr()).isEqualTo(Duration.ofMinutes(45));
        assertThat(health.perPriority().values().stream().mapToInt(ResponseTimes::resolved).sum()).isEqualTo(1);
    }

    @Test
    void a_release_shows_its_hotfixes_user_updates_regressions_and_retrospective() {
        log.applyTo(projection);

        ReleaseView release = release(Story.RELEASE);

        assertThat(release.hotfixes()).containsExactly(Story.HOTFIX);
        assertThat(release(Story.HOTFIX).hotfixOf()).isEqualTo(Story.RELEASE);
        assertThat(release.userUpdates()).singleElement().satisfies(u -> assertThat(u.ticketIds()).containsExactly("t1"));
        assertThat(release.regressions()).singleElement()
                .satisfies(r -> assertThat(r.observedIn()).isEqualTo(Story.HOTFIX));
        assertThat(release.retrospective().closed()).isTrue();
        assertThat(release.retrospective().lessons()).singleElement()
                .satisfies(l -> assertThat(l.tags()).containsExactly("database"));
        assertThat(release.retrospective().actionItemsDone()).isEqualTo(1);
        assertThat(release.retrospective().actionItemsOpen()).isZero();
    }

    /** Regression (tester 7): an action item long past its due date looked like any other open one. */
    @Test
    void an_open_action_item_is_overdue_once_its_due_day_is_over_and_a_done_one_never() {
        new EventLog().append(Incidents.deployed("shop@1.0", 0), Incidents.actionItem("shop@1.0", "a1", null, 1),
                Incidents.actionItem("shop@1.0", "a2", null, 2), Incidents.actionItemDone("shop@1.0", "a2", 3))
                .applyTo(projection);

        assertThat(release("shop@1.0").retrospective().actionItems()).noneMatch(ActionItemView::overdue);
        assertThat(release("shop@1.0").retrospective().actionItemsOverdue()).isZero();

        clock.advance(Duration.ofSeconds(1));

        assertThat(release("shop@1.0").retrospective().actionItems()).extracting(ActionItemView::actionItemId,
                ActionItemView::overdue).containsExactly(tuple("a1", true), tuple("a2", false));
        assertThat(release("shop@1.0").retrospective().actionItemsOverdue()).isEqualTo(1);
    }

    @Test
    void a_lesson_is_shown_whole_so_a_team_that_finds_it_by_search_can_read_it() {
        log.applyTo(projection);

        assertThat(release(Story.RELEASE).retrospective().lessons()).singleElement().satisfies(lesson -> {
            assertThat(lesson.whatHappened()).isEqualTo("The pool ran dry under load");
            assertThat(lesson.contributingFactors()).containsExactly("a missing alert");
            assertThat(lesson.whatWentWell()).isEqualTo("rollback was quick");
            assertThat(lesson.improvements()).containsExactly("add an alert");
        });
    }

    /** The ETag: ticket events and a hotfix's registration change the release's view, not its version. */
    @Test
    void a_release_knows_its_version_the_sequence_of_the_last_event_of_its_own_stream() {
        log.applyTo(projection);

        assertThat(release(Story.RELEASE).aggregateVersion()).isEqualTo(5L);
        assertThat(release(Story.HOTFIX).aggregateVersion()).isEqualTo(0L);
    }

    @Test
    void releases_are_listed_newest_deployment_first() {
        log.applyTo(projection);

        assertThat(projection.handle(new FindReleases(null, 0, 10))).extracting(ReleaseView::releaseId)
                .containsExactly(Story.HOTFIX, Story.RELEASE);
        assertThat(projection.handle(new FindReleases("payments", 0, 10))).isEmpty();
    }

    @Test
    void a_page_of_releases_is_the_newest_ones_and_a_tie_goes_to_the_lower_id() {
        Instant noon = Instant.parse("2026-11-02T12:00:00Z");
        new EventLog().append(
                new ReleaseRegistered("cart@1.0", "cart", "1.0", noon.minusSeconds(3600), null, null, "ops", noon),
                new ReleaseRegistered("cart@1.2", "cart", "1.2", noon, null, null, "ops", noon),
                new ReleaseRegistered("cart@1.1", "cart", "1.1", noon, null, null, "ops", noon),
                new ReleaseRegistered("cart@0.9", "cart", "0.9", noon.minusSeconds(7200), null, null, "ops", noon))
                .applyTo(projection);

        assertThat(projection.handle(new FindReleases("cart", 0, 3))).extracting(ReleaseView::releaseId)
                .containsExactly("cart@1.1", "cart@1.2", "cart@1.0");
        assertThat(projection.handle(new FindReleases("cart", 2, 3))).extracting(ReleaseView::releaseId)
                .containsExactly("cart@1.0", "cart@0.9");
    }

    @Test
    void replaying_events_twice_late_or_in_batches_changes_nothing() {
        log.applyTo(projection);
        List<String> once = Story.snapshot(database, ReleaseProjection.RELEASES, ReleaseProjection.FACTS);

        log.applyTo(projection);
        log.deliver(projection, 10);
        log.applyInBatches(3, projection);

        assertThat(Story.snapshot(database, ReleaseProjection.RELEASES, ReleaseProjection.FACTS)).isEqualTo(once);

        MongoDatabase other = EmbeddedMongo.freshDatabase();
        log.applyInBatches(11, new ReleaseProjection(other, new Generations(other), clock));
        assertThat(Story.snapshot(other, ReleaseProjection.RELEASES, ReleaseProjection.FACTS)).isEqualTo(once);
    }

    @Test
    void a_crash_after_the_release_was_written_but_before_the_ticket_facts_loses_nothing() {
        log.applyTo(projection, 0, 10);
        // Event 10 resolves t1: as if its release document was written and then the process died.
        MongoDatabase crashed = database;
        List<String> facts = Story.snapshot(crashed, ReleaseProjection.FACTS);
        log.deliver(projection, 10);
        crashed.getCollection(ReleaseProjection.FACTS).drop();
        restore(crashed, facts);

        log.applyTo(projection, 10, log.size());

        MongoDatabase clean = EmbeddedMongo.freshDatabase();
        ReleaseProjection reference = new ReleaseProjection(clean, new Generations(clean), clock);
        log.applyTo(reference);
        assertThat(Story.snapshot(crashed, ReleaseProjection.RELEASES))
                .isEqualTo(Story.snapshot(clean, ReleaseProjection.RELEASES));
    }

    private static void restore(MongoDatabase database, List<String> documents) {
        for (String line : documents) {
            String json = line.substring(line.indexOf(' ') + 1);
            database.getCollection(ReleaseProjection.FACTS).insertOne(org.bson.Document.parse(json));
        }
        database.getCollection(ReleaseProjection.FACTS).createIndex(new org.bson.Document("_id", 1).append("_pos", 1),
                new com.mongodb.client.model.IndexOptions().unique(true).name("id_pos_unique"));
    }

    private ReleaseView release(String releaseId) {
        return projection.handle(new FindRelease(releaseId)).orElseThrow();
    }
}
