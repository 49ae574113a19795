package io.aftermath.shared.web;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;

/**
 * The response as the application sees it, until someone else answers the exchange: from then on
 * what the application still writes (its own error, once its store call was cut off) goes nowhere,
 * so it neither changes the status of that answer under way nor adds its headers or body to it
 * (tester 53: a stopping node's 503 went out with the status 500 of the interrupted call's error).
 */
final class SilencedResponse extends ServerHttpResponseDecorator {

    private volatile boolean silenced;

    SilencedResponse(ServerHttpResponse delegate) {
        super(delegate);
    }

    void silence() {
        silenced = true;
    }

    @Override
    public HttpHeaders getHeaders() {
        return silenced ? new HttpHeaders() : super.getHeaders();
    }

    @Override
    public boolean setStatusCode(HttpStatusCode status) {
        return !silenced && super.setStatusCode(status);
    }

    @Override
    @SuppressWarnings("deprecation")
    public boolean setRawStatusCode(Integer status) {
        return !silenced && super.setRawStatusCode(status);
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return silenced ? Mono.empty() : super.writeWith(body);
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return silenced ? Mono.empty() : super.writeAndFlushWith(body);
    }

    @Override
    public Mono<Void> setComplete() {
        return silenced ? Mono.empty() : super.setComplete();
    }
}
