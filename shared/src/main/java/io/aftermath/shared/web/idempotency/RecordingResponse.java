package io.aftermath.shared.web.idempotency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import io.aftermath.shared.web.Headers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands the response to {@code persist} before a single byte of it reaches the client, so a retry
 * that arrives the moment the client has its answer already finds it stored.
 */
final class RecordingResponse extends ServerHttpResponseDecorator {

    /** The headers that belong to the answer itself; the correlation id and security headers do not. */
    static final Set<String> KEPT_HEADERS = Set.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
            HttpHeaders.ETAG, Headers.POSITION);

    private final Function<StoredResponse, Mono<Void>> persist;
    private final AtomicBoolean persisted = new AtomicBoolean();

    RecordingResponse(ServerHttpResponse delegate, Function<StoredResponse, Mono<Void>> persist) {
        super(delegate);
        this.persist = persist;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return DataBufferUtils.join(Flux.from(body))
                .map(RecordingResponse::drain)
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> persistOnce(bytes)
                        .then(Mono.defer(() -> super.writeWith(Mono.just(bufferFactory().wrap(bytes))))));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return writeWith(Flux.from(body).concatMap(Flux::from));
    }

    @Override
    public Mono<Void> setComplete() {
        return persistOnce(new byte[0]).then(Mono.defer(super::setComplete));
    }

    /** For a handler that finished without writing through this decorator. */
    Mono<Void> persistIfUnwritten() {
        return persistOnce(new byte[0]);
    }

    private Mono<Void> persistOnce(byte[] body) {
        if (!persisted.compareAndSet(false, true)) {
            return Mono.empty();
        }
        HttpStatusCode status = getStatusCode();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        getHeaders().forEach((name, values) -> {
            if (KEPT_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                headers.put(name, List.copyOf(values));
            }
        });
        StoredResponse stored = new StoredResponse(status == null ? 200 : status.value(), headers, body);
        // Stored even if the client goes away meanwhile: cancelled with its connection, the store's write was
        // interrupted, and the outcome waited for the store as if it were out of reach (tester 64).
        return Mono.fromFuture(persist.apply(stored).toFuture(), true);
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
