package io.aftermath.shared.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Spring answers {@code OPTIONS} with {@code Accept-Patch} whether or not the resource takes {@code PATCH}, empty
 * when it does not, as none here does (tester 75); RFC 5789 has the header say that PATCH is allowed, so an empty
 * one is dropped.
 */
public class EmptyAcceptPatchFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod())) {
            exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                if (headers.containsKey(HttpHeaders.ACCEPT_PATCH) && headers.getFirst(HttpHeaders.ACCEPT_PATCH).isBlank()) {
                    headers.remove(HttpHeaders.ACCEPT_PATCH);
                }
            }));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
