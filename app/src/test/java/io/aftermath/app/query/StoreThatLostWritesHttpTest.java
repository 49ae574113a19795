package io.aftermath.app.query;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.SettledProjections;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Tester 149: query nodes sharing a command node's embedded store kept running while that node was killed; it
 * came back from its last commit, without the read-model writes and tokens of its last second (the ledger's
 * appends are journaled, those are not), and the query nodes' processors went on from where they were, so the
 * lost tickets answered 404 for good. Here the store loses a ticket's read model and the processor's last token
 * writes under a running processor, as such a restart leaves them.
 */
@AftermathHttpTest
class StoreThatLostWritesHttpTest {

    private static final String TICKETS = "tickets";

    @Autowired
    WebTestClient client;
    @Autowired
    MongoDatabase database;
    @Autowired
    MongoLedgerStorageEngine ledger;

    @Test
    void a_processor_whose_token_writes_the_store_lost_processes_again_what_it_lost() {
        Api api = new Api(client);
        String release = api.freshRelease();
        api.reportTicket(release, "Committed before the kill");
        SettledProjections.await(client, ledger);
        MongoCollection<Document> tokens = database.getCollection(LedgerSchema.TOKENS);
        Document committed = tokens.find(Filters.eq(LedgerSchema.ID, LedgerTokenStore.id(TICKETS, 0))).first();
        String lost = api.reportTicket(release, "Read model written in the store's last second");
        SettledProjections.await(client, ledger);

        tokens.replaceOne(Filters.eq(LedgerSchema.ID, committed.get(LedgerSchema.ID)), committed);
        for (String name : database.listCollectionNames()) {
            if (name.startsWith("ticket_views")) {
                database.getCollection(name).deleteOne(Filters.eq("_id", lost));
            }
        }
        api.reportTicket(release, "Reported after the restart");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/api/tickets/" + lost)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange().expectStatus().isOk());
    }
}
