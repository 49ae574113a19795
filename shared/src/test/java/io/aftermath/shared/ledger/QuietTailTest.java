package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.bson.BsonSerializationException;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;

/**
 * Axon's shared tail reader logs every failure of the log's stream as an ERROR with its stack: what says nothing
 * of the log (an outage, a stop) or is noted by the ledger (an unreadable commit) ends the tail instead.
 */
class QuietTailTest {

    @Test
    void an_outage_ends_the_tail() {
        assertThat(QuietTail.of(failing(new MongoSocketReadException("Prematurely reached end of stream",
                new ServerAddress())), 5).iterator().hasNext()).isFalse();
    }

    @Test
    void a_client_closed_by_the_node_s_stop_ends_the_tail() {
        IllegalStateException closed = new IllegalStateException("state should be: server session pool is open");
        closed.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.mongodb.assertions.Assertions", "isTrue", "Assertions.java", 91)});

        assertThat(QuietTail.of(failing(closed), 5).iterator().hasNext()).isFalse();
    }

    @Test
    void an_unreadable_commit_ends_the_tail() {
        assertThat(QuietTail.of(failing(new BsonSerializationException("not the ledger's shape")), 5).iterator()
                .hasNext()).isFalse();
    }

    @Test
    void any_other_failure_is_the_reader_s() {
        IllegalStateException bug = new IllegalStateException("state should be: open");

        assertThatThrownBy(() -> QuietTail.of(failing(bug), 5).iterator().hasNext()).isSameAs(bug);
    }

    private static Stream<LedgerEventData> failing(RuntimeException failure) {
        return Stream.generate(() -> {
            throw failure;
        });
    }
}
