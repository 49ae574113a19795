package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.assertions.Assertions;

import io.aftermath.shared.mongo.StoreErrors;

class StoreOutageLogsTest {

    private final Logger axon = (Logger) LoggerFactory.getLogger("org.axonframework.eventhandling.TrackingEventProcessor");
    private final Logger eventStore = (Logger) LoggerFactory.getLogger(
            "org.axonframework.eventsourcing.eventstore.EmbeddedEventStore");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        StoreOutageLogs.install();
        lines.start();
        axon.addAppender(lines);
        eventStore.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        axon.detachAppender(lines);
        eventStore.detachAppender(lines);
    }

    @Test
    void a_retry_warning_caused_by_the_store_out_of_reach_is_logged_without_its_stack() {
        axon.warn("Error occurred. Starting retry mode.", new IllegalStateException("batch failed",
                new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress())));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).startsWith("Error occurred. Starting retry mode. [the store is out "
                    + "of reach: com.mongodb.MongoSocketReadException: Prematurely reached end of stream]");
            assertThat(line.getThrowableProxy()).isNull();
        });
    }

    /** Axon's launcher passes the failure after three arguments, where it reaches the filter among them. */
    @Test
    void a_failure_passed_after_the_arguments_is_found_too() {
        axon.warn("Fetch Segments for Processor '{}' failed: {}. Preparing for retry in {}s", "triage", "timed out", 1,
                new MongoTimeoutException("Timed out while waiting for a server"));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).isEqualTo("Fetch Segments for Processor 'triage' failed: timed out. "
                    + "Preparing for retry in 1s [the store is out of reach: com.mongodb.MongoTimeoutException: "
                    + "Timed out while waiting for a server]");
            assertThat(line.getThrowableProxy()).isNull();
        });
    }

    /** Tester 154: a node stopping while the store was out of reach closed its client under waiting processors. */
    @Test
    void a_call_on_the_closed_client_of_a_stopping_node_is_logged_without_its_stack() {
        IllegalStateException closed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Assertions.isTrue("open", false));

        axon.warn("Error occurred. Starting retry mode.", closed);

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).endsWith("[the store is out of reach: "
                    + "java.lang.IllegalStateException: state should be: open]");
            assertThat(line.getThrowableProxy()).isNull();
        });
    }

    /** On a full disk, Axon's event store polls ten times a second, and logged each failed poll with its stack. */
    @Test
    void a_failure_of_the_embedded_store_closed_by_h2_is_logged_without_its_stack_once_a_minute() {
        String why = "The embedded store closed itself after it failed to write its file (No space left on device)";
        MongoQueryException stopped = new MongoQueryException(new BsonDocument("ok", new BsonDouble(0))
                .append("errmsg", new BsonString(why))
                .append("code", new BsonInt32(StoreErrors.EMBEDDED_STORE_STOPPED))
                .append("codeName", new BsonString(StoreErrors.EMBEDDED_STORE_STOPPED_NAME)), new ServerAddress());

        for (int poll = 0; poll < 10; poll++) {
            eventStore.error("Failed to read events from the underlying event storage", stopped);
        }
        eventStore.error("Failed to read events from the underlying event storage", new IllegalStateException("other"));

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("Failed to read events from the underlying "
                + "event storage [" + why + "; said once a minute]");
        assertThat(lines.list.get(0).getThrowableProxy()).isNull();
        assertThat(lines.list.get(1).getThrowableProxy().getMessage()).isEqualTo("other");
    }

    @Test
    void any_other_failure_keeps_its_stack() {
        axon.warn("Error occurred. Starting retry mode.", new IllegalStateException("a handler failed"));
        axon.warn("Error occurred. Starting retry mode.", new IllegalStateException("state should be: open"));

        assertThat(lines.list).extracting(line -> line.getThrowableProxy().getMessage())
                .containsExactly("a handler failed", "state should be: open");
    }

    @Test
    void installed_twice_it_logs_once() {
        StoreOutageLogs.install();

        axon.warn("Error occurred. Starting retry mode.", new MongoTimeoutException("Timed out"));

        assertThat(lines.list).hasSize(1);
    }
}
