package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.mock.env.MockEnvironment;

import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;

/** Tester 51: a read timeout shorter than the store's answers failed the start with 141 lines of stack. */
class RefusedSettingsTest {

    private static final BeanCreationException SLOW_STORE = new BeanCreationException("ledgerStorageEngine",
            "creating it failed", new MongoSocketReadTimeoutException("Timeout while receiving message",
            new ServerAddress("db.internal", 27017), new SocketTimeoutException("Read timed out")));

    @Test
    void a_store_slower_than_the_read_timeout_is_one_line_naming_the_setting() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("aftermath.mongo.uri", "mongodb://dana:s3cret@db.internal:27017/ledger")
                .withProperty("aftermath.mongo.read-timeout", "1ms");

        assertThat(RefusedSettings.explain(SLOW_STORE, environment)).contains("the MongoDB at db.internal:27017 "
                + "(aftermath.mongo.uri) did not answer a call within aftermath.mongo.read-timeout=1ms; lengthen it, "
                + "or check that the store answers");
    }

    @Test
    void the_uris_own_socket_timeout_is_the_one_named() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("aftermath.mongo.uri", "mongodb://db.internal:27017/?socketTimeoutMS=5");

        assertThat(RefusedSettings.explain(SLOW_STORE, environment)).hasValueSatisfying(line -> assertThat(line)
                .contains("within its socketTimeoutMS=5;"));
    }
}
