package io.aftermath.shared.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;

import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.infrastructure.NodeStop;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServer;

/**
 * Reactor Netty's graceful shutdown waits for every connection whose request it still counts as in
 * progress. It sometimes keeps counting one that was answered long before (seen here: a node's first
 * {@code POST}, answered 201, still "in progress" on its keep-alive connection; 1 stop in 15 in a loop),
 * so the stop waited out its whole phase (20 s) for nothing. This counts the exchanges the application
 * itself has in progress on each connection and, once the server has stopped accepting, closes every
 * connection with none, as Reactor Netty does with those it knows are idle, until none is left. A
 * connection is closed only after it was seen idle twice, a sweep apart, so an answer without a body,
 * sent just after its exchange ends, is not cut. Answers sent once the stop has begun say
 * {@code Connection: close}: keep-alive clients went on sending requests on their connections
 * (14-130 per stop under load, tester 48), which were seldom seen idle twice and held the stop 5-8 s.
 */
public class IdleConnectionSweeper implements NettyServerCustomizer, WebFilter, Ordered, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionSweeper.class);
    private static final Duration SWEEP_EVERY = Duration.ofMillis(25);
    private static final AttributeKey<AtomicInteger> IN_PROGRESS = AttributeKey.valueOf("aftermath.exchangesInProgress");
    private static final AttributeKey<Boolean> SEEN_IDLE = AttributeKey.valueOf("aftermath.seenIdle");

    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Duration longest;
    private final WebExceptionHandler failures;
    private volatile Channel listening;
    private final NodeStop stop;
    private volatile boolean running;

    /**
     * @param longest  how long to keep sweeping, the web server's shutdown phase at most
     * @param failures what answers a failure: here, inside the count, rather than by the handlers after the chain
     * @param stop     from its beginning, before the beans of later phases stop, answers say {@code Connection:
     *                 close}: a node whose store hangs checks it for up to 2 s first, and its answers meanwhile kept
     *                 their connections open (tester 65: 7 of 440 said {@code Connection: close})
     */
    public IdleConnectionSweeper(Duration longest, WebExceptionHandler failures, NodeStop stop) {
        this.longest = longest;
        this.failures = failures;
        this.stop = stop;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnBound(bound -> listening = bound.channel())
                .doOnChannelInit((observer, channel, remote) -> {
                    channel.attr(IN_PROGRESS).set(new AtomicInteger());
                    connections.add(channel);
                });
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Channel channel = channelOf(exchange);
        AtomicInteger inProgress = channel == null ? null : channel.attr(IN_PROGRESS).get();
        if (inProgress == null) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> {
            inProgress.incrementAndGet();
            exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> closeAfterAnswerWhenStopping(exchange)));
            return chain.filter(exchange)
                    // Answered after the chain, a failure's answer was written with the exchange counted as ended, and
                    // a sweep took its connection for idle (tester 65: a 503's headers at a stop, without its body).
                    .onErrorResume(failure -> {
                        // As the handlers after the chain mark it, for the request's metrics and observation.
                        exchange.getAttributes().put(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION, failure);
                        return failures.handle(exchange, failure);
                    })
                    .doFinally(signal -> inProgress.decrementAndGet());
        });
    }

    /** A keep-alive client would go on sending requests on its connection for as long as the stop waits. */
    private void closeAfterAnswerWhenStopping(ServerWebExchange exchange) {
        if (stop.begun()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
    }

    private static Channel channelOf(ServerWebExchange exchange) {
        Connection connection = ExchangeConnections.of(exchange.getResponse());
        return connection == null ? null : connection.channel();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Returns at once: the sweeping goes on beside graceful shutdown, which is what it unblocks. */
    @Override
    public void stop() {
        running = false;
        DaemonThreads.start("idle-connection-sweeper", this::sweepUntilClosed);
    }

    private void sweepUntilClosed() {
        long deadline = System.nanoTime() + longest.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Channel server = listening;
                if (server == null || !server.isActive()) {
                    closeIdle();
                    if (connections.isEmpty()) {
                        return;
                    }
                }
                Thread.sleep(SWEEP_EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Closing idle connections at shutdown failed: {}", e.toString());
        }
    }

    private void closeIdle() {
        for (Channel connection : connections) {
            AtomicInteger inProgress = connection.attr(IN_PROGRESS).get();
            boolean idle = inProgress == null || inProgress.get() == 0;
            if (idle && Boolean.TRUE.equals(connection.attr(SEEN_IDLE).get())) {
                connection.close();
            }
            connection.attr(SEEN_IDLE).set(idle);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just above graceful shutdown ({@code DEFAULT_PHASE - 1024}): it starts as that begins. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
