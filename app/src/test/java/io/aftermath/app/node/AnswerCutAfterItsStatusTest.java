package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.MongoInterruptedException;

import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.RawExport;
import reactor.core.publisher.Flux;

/**
 * An answer that fails after its status was sent (a streamed export whose store went) cannot say so in a
 * problem: the client must find its body cut short, and the node say it in one line. Before, the framework
 * logged two ERROR lines with stacks for each, though the store's loss is expected and told elsewhere.
 */
@AftermathHttpTest
@Import(AnswerCutAfterItsStatusTest.FailingStreams.class)
@ExtendWith(OutputCaptureExtension.class)
class AnswerCutAfterItsStatusTest {

    private static final String FRAMEWORK_ERRORS = "already committed";
    private static final String NETTY_ERROR = "Error finishing response";

    @LocalServerPort
    int port;

    @TestConfiguration
    @RestController
    static class FailingStreams {

        @GetMapping(path = "/test/cut/store-lost", produces = "application/x-ndjson")
        Flux<String> storeLost() {
            return lines().concatWith(Flux.error(new MongoInterruptedException("the store went", null)));
        }

        @GetMapping(path = "/test/cut/bug", produces = "application/x-ndjson")
        Flux<String> bug() {
            return lines().concatWith(Flux.error(new IllegalStateException("a bug mid-answer")));
        }

        private static Flux<String> lines() {
            return Flux.range(0, 100).map(line -> "{\"line\":" + line + "}\n");
        }
    }

    @Test
    void an_answer_cut_by_the_store_s_loss_ends_short_with_one_warning_and_no_error(CapturedOutput output)
            throws IOException {
        String answer = readWhole("/test/cut/store-lost");

        assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"line\":99}")
                .doesNotEndWith(RawExport.END_OF_CHUNKED_BODY);
        assertThat(output.getAll()).contains("The answer to GET /test/cut/store-lost was cut after its status 200 OK "
                        + "was sent: STORE_UNAVAILABLE")
                .doesNotContain(FRAMEWORK_ERRORS).doesNotContain(NETTY_ERROR);
    }

    @Test
    void an_answer_cut_by_an_unexpected_failure_logs_it_once_with_its_stack(CapturedOutput output) throws IOException {
        String answer = readWhole("/test/cut/bug");

        assertThat(answer).contains("{\"line\":99}").doesNotEndWith(RawExport.END_OF_CHUNKED_BODY);
        assertThat(output.getAll()).contains("Unexpected failure while handling a request",
                        "java.lang.IllegalStateException: a bug mid-answer",
                        "The answer to GET /test/cut/bug was cut after its status 200 OK was sent: INTERNAL")
                .doesNotContain(FRAMEWORK_ERRORS).doesNotContain(NETTY_ERROR);
    }

    /** Until the node ends the connection: an answer cut short ends there, with or without a reset. */
    private String readWhole(String path) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (Socket socket = RawExport.open(port, path)) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // What arrived is the answer.
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
