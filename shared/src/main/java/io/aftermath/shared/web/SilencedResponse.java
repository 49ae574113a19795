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
 * Its status and headers are still kept apart, so the application reads back what it set: a keyed write
 * caught by an outage stores its own answer under its key, not the status of the 503 sent instead.
 */
final class SilencedResponse extends ServerHttpResponseDecorator {

    private volatile boolean silenced;
    private volatile HttpStatusCode silencedStatus;
    private volatile HttpHeaders silencedHeaders;

    SilencedResponse(ServerHttpResponse delegate) {
        super(delegate);
    }

    void silence() {
        HttpHeaders apart = new HttpHeaders();
        apart.putAll(super.getHeaders());
        silencedHeaders = apart;
        silencedStatus = super.getStatusCode();
        silenced = true;
    }

    boolean silenced() {
        return silenced;
    }

    @Override
    public HttpHeaders getHeaders() {
        return silenced ? silencedHeaders : super.getHeaders();
    }

    @Override
    public boolean setStatusCode(HttpStatusCode status) {
        if (silenced) {
            silencedStatus = status;
            return true;
        }
        return super.setStatusCode(status);
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return silenced ? silencedStatus : super.getStatusCode();
    }

    @Override
    @SuppressWarnings("deprecation")
    public boolean setRawStatusCode(Integer status) {
        return silenced ? setStatusCode(status == null ? null : HttpStatusCode.valueOf(status))
                : super.setRawStatusCode(status);
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
