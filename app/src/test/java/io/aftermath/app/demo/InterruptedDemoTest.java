package io.aftermath.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.SettledProjections;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A demo run that stopped half-way is finished by the next run, step by step, without repeating the
 * steps that made it into the log (prioritising and reopening would otherwise append twice).
 */
@AftermathHttpTest
class InterruptedDemoTest {

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
    void a_run_interrupted_half_way_is_completed_by_the_next_run_without_repeating_a_step() {
        String service = Ids.service("checkout-resumed");
        List<DemoStep> story = CheckoutReleaseStory.steps("demo-" + service, service);
        long start = ledger.head();
        long complete = story.size() + 9;

        DemoReport interrupted = seeder.seed(story.subList(0, 60));
        DemoReport resumed = seeder.seed(story);
        DemoReport again = seeder.seed(story);

        assertThat(interrupted.sent()).isEqualTo(60);
        assertThat(resumed.skipped()).isEqualTo(60);
        assertThat(resumed.sent()).isEqualTo(story.size() - 60);
        assertThat(again.alreadyPresent()).isTrue();
        List<? extends TrackedEventMessage<?>> log = ledger.readEvents(
                start == 0 ? null : new GlobalSequenceTrackingToken(start - 1), false).toList();
        assertThat(log).as("each step's events once").hasSize((int) complete);
        assertThat(log.stream().map(event -> event.getMetaData().get("correlationId")).distinct().count())
                .isEqualTo(story.size());
    }

    @Test
    void steps_refused_as_already_existing_count_as_done() {
        String service = Ids.service("checkout-existing");
        List<DemoStep> story = CheckoutReleaseStory.steps("demo-" + service, service);
        seeder.seed(story.subList(0, 2));
        long head = ledger.head();

        // The same creations under other correlation ids: the log does not know them, the aggregates do.
        List<DemoStep> renamed = story.subList(0, 2).stream().map(step -> new DemoStep(step.key(),
                step.correlationId() + "-renamed", step.actor(), step.target(), step.command())).toList();
        DemoReport report = seeder.seed(renamed);

        assertThat(report.skipped()).isEqualTo(2);
        assertThat(ledger.head()).isEqualTo(head);
    }
}
