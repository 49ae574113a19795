package io.aftermath.shared.web.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.AppendsStopped;
import io.aftermath.shared.ledger.CommitNotWritten;
import io.aftermath.shared.testing.EmbeddedMongo;

/** A store that does not answer is the client's cue to retry later, not "something went wrong on our side". */
class StoreUnavailableProblemTest {

    @Test
    void a_store_that_cannot_be_reached_is_503_store_unavailable() {
        Problem timedOut = Problems.of(new CompletionException(new MongoTimeoutException("no server in 30000 ms")));
        Problem cutOff = Problems.of(new MongoSocketReadException("closed", new ServerAddress()));
        // Tester 51: calls waiting for a connection when a stopping node closed its client were 500.
        Problem poolClosed = Problems.of(new CompletionException(new MongoServerUnavailableException(
                "The server at 127.0.0.1:27017 is no longer available")));

        assertThat(timedOut.status()).isEqualTo(503);
        assertThat(timedOut.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(cutOff.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        Problem interrupted = Problems.of(new MongoInterruptedException(
                "Interrupted while acquiring permit or getting available opened connection", null));

        assertThat(interrupted.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(poolClosed.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(poolClosed.detail()).isEqualTo("The store does not answer; retry later");
    }

    /** Before, each was a 500 "something went wrong" with a stack in the log, thousands a minute on a full disk (tester 18). */
    @Test
    void a_ledger_that_stopped_or_a_store_that_failed_a_write_is_503_saying_what_became_of_it() {
        Problem stopped = Problems.of(new CompletionException(new AppendsStopped(
                "Stored but not durable, so a crash may lose it (journal failed). Appends stopped; restart the node.")));
        Problem unwritten = Problems.of(new CommitNotWritten("Ledger write failed, nothing of the commit was stored: x"));
        Problem closed = Problems.of(new MongoQueryException(new BsonDocument("errmsg", new BsonString(
                "This store is closed")).append("code", new BsonInt32(8)), new ServerAddress()));

        assertThat(List.of(stopped.status(), unwritten.status(), closed.status())).containsOnly(503);
        assertThat(stopped.code()).isEqualTo(ErrorCode.LEDGER_STOPPED);
        assertThat(stopped.detail()).startsWith("Stored but not durable").endsWith("restart the node.");
        assertThat(unwritten.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(unwritten.detail()).contains("nothing of the commit was stored");
        assertThat(closed.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(closed.detail()).isEqualTo("The store failed the request: This store is closed");
    }

    /** A node stopping with its store out of reach closes the client: what waited for the store gets this. */
    @Test
    void a_call_on_the_closed_store_client_is_503_and_other_illegal_states_stay_500() {
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:9");
        client.close();
        IllegalStateException refused = catchThrowableOfType(
                () -> client.getDatabase("x").getCollection("y").find().first(), IllegalStateException.class);

        assertThat(Problems.of(new CompletionException(refused)).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        MongoCollection<Document> collection = EmbeddedMongo.freshDatabase().getCollection("c");
        collection.insertOne(new Document("a", 1));
        MongoCursor<Document> cursor = collection.find().iterator();
        cursor.close();
        IllegalStateException misuse = catchThrowableOfType(cursor::next, IllegalStateException.class);
        assertThat(Problems.of(misuse).code()).isEqualTo(ErrorCode.INTERNAL);
    }

    /** Before, only the store check's 503 said when to come back; one from a failed store call did not. */
    @Test
    void every_503_tells_the_client_when_to_retry() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets"));

        new ProblemWriter(new ObjectMapper()).write(exchange, new MongoTimeoutException("no server in 30000 ms"))
                .block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }
}
