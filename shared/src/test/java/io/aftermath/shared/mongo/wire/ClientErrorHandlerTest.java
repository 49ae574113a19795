package io.aftermath.shared.mongo.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aftermath.shared.mongo.memory.FastMemoryBackend;

/** Tester 12: every query node killed left an ERROR with a stack trace in the log of the node hosting the store. */
class ClientErrorHandlerTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ClientErrorHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private WireServer server;

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
        server = WireServer.bind(new FastMemoryBackend(), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        logger.detachAppender(logged);
    }

    @Test
    void a_client_whose_connection_resets_is_one_line_at_info() throws IOException {
        try (Socket client = new Socket("127.0.0.1", server.address().getPort())) {
            client.getOutputStream().write(new byte[] {16, 0});
            client.getOutputStream().flush();
            client.setSoLinger(true, 0);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !logged.list.isEmpty());
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).contains("went away");
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    @Test
    void a_message_the_server_cannot_read_stays_an_error_with_its_cause() throws IOException {
        try (Socket client = new Socket("127.0.0.1", server.address().getPort())) {
            OutputStream out = client.getOutputStream();
            // A message length of 4 is below any header: the wire decoder refuses it.
            out.write(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xdd, 7, 0, 0});
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> !logged.list.isEmpty());
        }

        assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(logged.list.get(0).getThrowableProxy()).isNotNull();
    }
}
