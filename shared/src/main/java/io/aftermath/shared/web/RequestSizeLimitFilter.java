package io.aftermath.shared.web;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.web.problem.PayloadTooLargeException;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies over the limit before anything reads them: at once when {@code Content-Length}
 * says so, otherwise by counting the bytes as they stream in (chunked uploads declare no length), so
 * no one holds more than the limit in memory. Runs before authentication on purpose: an anonymous
 * client must not be able to make the server buffer a large body either.
 */
public class RequestSizeLimitFilter implements WebFilter, Ordered {

    private final long limit;
    private final ProblemWriter problems;

    public RequestSizeLimitFilter(long limit, ProblemWriter problems) {
        this.limit = limit;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > limit) {
            return problems.write(exchange, new PayloadTooLargeException(limit));
        }
        return chain.filter(exchange.mutate().request(new Counted(request, limit)).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    private static final class Counted extends ServerHttpRequestDecorator {

        private final long limit;

        Counted(ServerHttpRequest delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        throw new PayloadTooLargeException(limit);
                    }
                    return buffer;
                });
            });
        }
    }
}
