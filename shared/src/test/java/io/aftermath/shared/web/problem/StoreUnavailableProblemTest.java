package io.aftermath.shared.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import com.fasterxml.jackson.databind.ObjectMapper;

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
