package io.aftermath.shared.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;

import io.aftermath.shared.error.ErrorCode;

/** A store that does not answer is the client's cue to retry later, not "something went wrong on our side". */
class StoreUnavailableProblemTest {

    @Test
    void a_store_that_cannot_be_reached_is_503_store_unavailable() {
        Problem timedOut = Problems.of(new CompletionException(new MongoTimeoutException("no server in 30000 ms")));
        Problem cutOff = Problems.of(new MongoSocketReadException("closed", new ServerAddress()));

        assertThat(timedOut.status()).isEqualTo(503);
        assertThat(timedOut.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(cutOff.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
    }
}
