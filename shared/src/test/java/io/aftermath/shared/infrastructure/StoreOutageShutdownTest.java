package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.StoreSight;

@ExtendWith(OutputCaptureExtension.class)
class StoreOutageShutdownTest {

    /** Tester 70: a store killed with the node's SIGTERM failed the ping at once, logged as no ping within 2 s. */
    @Test
    void a_store_gone_since_the_driver_last_looked_is_told_out_of_reach_by_its_failed_ping(CapturedOutput output) {
        StoreSight inSight = mock(StoreSight.class);
        when(inSight.inSight()).thenReturn(true);
        MongoClient client = mock(MongoClient.class, RETURNS_DEEP_STUBS);
        when(client.getDatabase("admin").runCommand(any(Bson.class)))
                .thenThrow(new MongoSocketOpenException("Exception opening socket", new ServerAddress()));

        new StoreOutageShutdown(inSight, client, mock(MongoLedgerStorageEngine.class), true, () -> 0).stop();

        assertThat(output.getAll()).contains("Stopping while the store is out of reach (its ping failed: Exception "
                + "opening socket)");
        verify(client).close();
    }
}
