package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Tester 81: a refresh that read the generations just before this node began a rebuild put the old generation in
 * the cache after the new one, so the node replayed the log into the old generation for up to half a second and
 * served the new one without the log's first events.
 */
class GenerationsRefreshTest {

    private final CountDownLatch refreshRead = new CountDownLatch(1);
    private final CountDownLatch rebuildTried = new CountDownLatch(1);
    private volatile Thread refreshing;
    private final MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
            .addCommandListener(new CommandListener() {
                @Override
                public void commandSucceeded(CommandSucceededEvent event) {
                    // The refresh holds what it read until the rebuild has run, or waits for it.
                    if (Thread.currentThread() == refreshing && "find".equals(event.getCommandName())) {
                        refreshRead.countDown();
                        awaitQuietly(rebuildTried);
                    }
                }
            }).build());
    private final Generations generations = new Generations(client.getDatabase("g" + UUID.randomUUID().toString()
            .replace("-", "")));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void a_refresh_under_way_when_this_node_begins_a_rebuild_does_not_bring_back_the_old_generation()
            throws Exception {
        generations.beginRebuild("tickets", 1);
        generations.completeRebuild("tickets", generations.get("tickets"));
        Thread refresh = new Thread(generations::refresh);
        refreshing = refresh;
        refresh.start();
        assertThat(refreshRead.await(10, TimeUnit.SECONDS)).isTrue();

        Thread rebuild = new Thread(() -> generations.beginRebuild("tickets", 2));
        rebuild.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> rebuild.getState() == Thread.State.BLOCKED
                || rebuild.getState() == Thread.State.TERMINATED);
        rebuildTried.countDown();
        refresh.join(10_000);
        rebuild.join(10_000);

        assertThat(generations.get("tickets").rebuilding()).isTrue();
        assertThat(generations.get("tickets").write()).isEqualTo(2);
    }

    /**
     * Tester 94: with one lock for every projection, a switch waited, its processor held, for the other replays'
     * records and the refreshes' reads of a loaded store; serving took up to 3.3 s.
     */
    @Test
    void a_rebuild_records_its_progress_and_switches_while_a_refresh_reads() throws Exception {
        Generations.Generation rebuilding = generations.beginRebuild("tickets", 1);
        Thread refresh = new Thread(generations::refresh);
        refreshing = refresh;
        refresh.start();
        assertThat(refreshRead.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            Generations.Generation recorded = generations.replayed("tickets", rebuilding, 500);
            assertThat(generations.completeRebuild("tickets", recorded)).isTrue();
            assertThat(refresh.isAlive()).as("the refresh still holds what it read").isTrue();
        } finally {
            rebuildTried.countDown();
            refresh.join(10_000);
        }

        assertThat(generations.get("tickets")).as("not brought back by the refresh")
                .isEqualTo(new Generations.Generation(1, 1, 0));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
