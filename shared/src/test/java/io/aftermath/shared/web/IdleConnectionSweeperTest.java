package io.aftermath.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import io.aftermath.shared.infrastructure.NodeStop;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * Graceful shutdown as Spring Boot runs it (a channel group, {@code disposeNow}), with the sweeper. A
 * request Reactor Netty counts as in progress though the application has none on its connection stands
 * for the one it kept counting after its answer (1 stop in 15 waited its whole phase for one).
 */
class IdleConnectionSweeperTest {

    private static final Duration PHASE = Duration.ofSeconds(30);

    private volatile WebExceptionHandler failures = (exchange, failure) -> Mono.error(failure);
    private final NodeStop stop = new NodeStop();
    private final IdleConnectionSweeper sweeper = new IdleConnectionSweeper(PHASE,
            (exchange, failure) -> failures.handle(exchange, failure), stop);
    private final Sinks.Empty<Void> release = Sinks.empty();
    private final AtomicBoolean staleArrived = new AtomicBoolean();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DisposableServer server;

    @AfterEach
    void stopServer() {
        release.tryEmitEmpty();
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_connection_the_application_has_no_exchange_on_does_not_hold_the_stop() {
        start();
        client.sendAsync(request("/stale"), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).untilTrue(staleArrived);

        CompletableFuture<Void> stopped = stopGracefully();

        await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
    }

    @Test
    void an_exchange_in_progress_is_answered_before_its_connection_closes() throws Exception {
        start();
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/slow"),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> release.currentSubscriberCount() > 0);

        CompletableFuture<Void> stopped = stopGracefully();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopped.isDone());
        release.tryEmitEmpty();

        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
    }

    @Test
    void answers_once_the_stop_has_begun_close_their_connection() throws Exception {
        start();
        release.tryEmitEmpty();
        assertThat(client.send(request("/before"), HttpResponse.BodyHandlers.ofString()).headers()
                .firstValue("connection")).isEmpty();

        stop.begin();

        HttpResponse<String> after = client.send(request("/after"), HttpResponse.BodyHandlers.ofString());
        assertThat(after.body()).isEqualTo("done");
        assertThat(after.headers().firstValue("connection")).hasValue("close");
    }

    /** Tester 65: at a stop, a 503's headers went out without its body. */
    @Test
    void an_answer_to_a_failure_is_written_whole_before_its_connection_closes() throws Exception {
        AtomicBoolean answering = new AtomicBoolean();
        failures = (exchange, failure) -> Mono.fromRunnable(() -> answering.set(true))
                .then(Mono.delay(Duration.ofMillis(300)))
                .then(write(exchange, "refused"));
        start();
        CompletableFuture<HttpResponse<String>> refused = client.sendAsync(request("/failing"),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).untilTrue(answering);

        CompletableFuture<Void> stopped = stopGracefully();

        assertThat(refused.get(10, TimeUnit.SECONDS).body()).isEqualTo("refused");
        await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
    }

    /** A WebTestClient bound to the application sends mock exchanges: nothing to count, nothing refused. */
    @Test
    void an_exchange_with_no_server_behind_it_passes_through() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/triage"));

        StepVerifier.create(sweeper.filter(exchange, passed -> Mono.empty())).verifyComplete();
    }

    private void start() {
        HttpHandler application = WebHttpHandlerBuilder.webHandler(exchange -> exchange.getRequest().getPath().value()
                        .equals("/failing") ? Mono.error(new IllegalStateException("cut off"))
                        : release.asMono().then(write(exchange, "done")))
                .filter(sweeper)
                .exceptionHandler((exchange, failure) -> failures.handle(exchange, failure))
                .build();
        ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(application);
        HttpServer configured = HttpServer.create().host("127.0.0.1").port(0)
                .channelGroup(new DefaultChannelGroup(new DefaultEventExecutor()))
                .handle((request, response) -> {
                    if (request.uri().equals("/stale")) {
                        staleArrived.set(true);
                        return Mono.never();
                    }
                    return adapter.apply(request, response);
                });
        server = sweeper.apply(configured).bindNow();
        sweeper.start();
    }

    private static Mono<Void> write(ServerWebExchange exchange, String body) {
        return exchange.getResponse().writeWith(Mono.fromSupplier(() -> exchange.getResponse().bufferFactory()
                .wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    private CompletableFuture<Void> stopGracefully() {
        stop.begin();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.disposeNow(PHASE));
        sweeper.stop();
        return stopped;
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    }
}
