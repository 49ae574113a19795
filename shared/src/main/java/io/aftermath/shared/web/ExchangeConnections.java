package io.aftermath.shared.web;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import reactor.netty.Connection;

/** The connection an exchange is answered on, for what Spring's abstraction of it cannot do (close it, watch it). */
public final class ExchangeConnections {

    private ExchangeConnections() {
    }

    /** @return null for an exchange with no connection: a test's mock exchange, or WebTestClient bound to the app */
    public static Connection of(ServerHttpResponse response) {
        try {
            return ServerHttpResponseDecorator.getNativeResponse(response) instanceof Connection connection
                    ? connection : null;
        } catch (IllegalArgumentException | IllegalStateException noServer) {
            return null;
        }
    }
}
