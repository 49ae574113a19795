package io.aftermath.shared.web.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

import io.aftermath.shared.web.ExchangeConnections;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Renders every failure that leaves the handler chain as problem+json. Ordered before Spring Boot's
 * own error handler, which would answer with its JSON error map instead.
 * <p>
 * A failure after the answer began (a streamed export whose store went) can no longer change its status: the
 * connection is closed, so the client finds the body cut short (an HTTP/1.1 chunked body without its last
 * chunk), and the node says so in one line. Left to the framework, such an expected end logged two ERROR lines
 * with stacks (Spring's "already committed", Reactor Netty's "Error finishing response").
 */
public class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter writer;

    public ProblemExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!exchange.getResponse().isCommitted()) {
            return writer.write(exchange, failure);
        }
        Connection connection = ExchangeConnections.of(exchange.getResponse());
        if (connection == null || DisconnectedClientHelper.isClientDisconnectedException(failure)
                || Problems.clientClosed(failure)) {
            // Nothing to cut (a test's mock exchange), or the client left: the framework's handling stands.
            return Mono.error(failure);
        }
        ServerHttpRequest request = exchange.getRequest();
        // Problems logs what it does not expect, with its stack, once.
        Problem problem = Problems.of(failure, request);
        LOG.warn("The answer to {} {} was cut after its status {} was sent: {} ({})", request.getMethod().name(),
                request.getPath().value(), exchange.getResponse().getStatusCode(), problem.code(), problem.detail());
        connection.channel().close();
        return Mono.empty();
    }

    @Override
    public int getOrder() {
        return -2;
    }
}
