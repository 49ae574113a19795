package io.aftermath.shared.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A stop that finds the store hanging (a frozen host, a partition: connections open, no answer)
 * cannot wake the calls blocked reading its sockets: the driver closes no connection in use, and a
 * thread blocked on a socket ignores interrupts. Their requests held graceful shutdown for its whole
 * phase and then went unanswered (tester 48). {@link #answerStoreLost()} answers every request still
 * in progress whose answer has not begun with 503 {@code STORE_UNAVAILABLE}; the blocked calls end at
 * the store's read timeout or with the process, their results dropped. An answer already begun (an
 * event stream) is left to the stop's own handling.
 */
public class UnansweredRequests implements WebFilter, Ordered {

    /** Inside the sweeper, which counts the exchange until this answer is written. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private final Set<InProgress> inProgress = ConcurrentHashMap.newKeySet();

    private record InProgress(ServerWebExchange exchange, Sinks.Empty<Void> storeLost) {

        boolean answerBegun() {
            return exchange.getResponse().isCommitted();
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            InProgress request = new InProgress(exchange, Sinks.empty());
            inProgress.add(request);
            Mono<Void> refusal = request.storeLost().asMono().then(Mono.defer(() -> request.answerBegun()
                    ? Mono.never()
                    : Mono.error(storeLost(exchange.getRequest().getMethod()))));
            return Mono.firstWithSignal(chain.filter(exchange), refusal)
                    .doFinally(signal -> inProgress.remove(request));
        });
    }

    private static DomainRejection storeLost(HttpMethod method) {
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        return new DomainRejection(ErrorCode.STORE_UNAVAILABLE, read
                ? "This node is stopping and its store does not answer; retry later"
                : "This node is stopping and its store does not answer, so whether this write was stored is "
                        + "unknown: retried with the same Idempotency-Key, it is stored once");
    }

    /** @return how many requests were answered so */
    public int answerStoreLost() {
        int answered = 0;
        for (InProgress request : inProgress) {
            if (!request.answerBegun() && request.storeLost().tryEmitEmpty().isSuccess()) {
                answered++;
            }
        }
        return answered;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
