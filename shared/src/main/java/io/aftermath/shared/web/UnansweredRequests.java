package io.aftermath.shared.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
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

    private record InProgress(ServerWebExchange exchange, SilencedResponse seen, Sinks.Empty<Void> storeLost,
                              long startedNanos, AtomicReference<String> situation) {

        boolean answerBegun() {
            return exchange.getResponse().isCommitted();
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            SilencedResponse seen = new SilencedResponse(exchange.getResponse());
            InProgress request = new InProgress(exchange, seen, Sinks.empty(), System.nanoTime(),
                    new AtomicReference<>());
            inProgress.add(request);
            Mono<Void> refusal = request.storeLost().asMono()
                    .then(Mono.defer(() -> request.answerBegun() ? Mono.never() : refused(request)));
            // Silenced, the run answers nobody however it ends, so the refusal is the answer. A run that ended
            // between its silencing and the signal to refuse it left the exchange unanswered: an empty 200
            // (tester 65: 4 writes at stops, none of them stored).
            Mono<Void> run = chain.filter(exchange.mutate().response(seen).build())
                    .onErrorResume(failure -> seen.silenced(), failure -> Mono.empty())
                    .then(Mono.defer(() -> seen.silenced() ? refused(request) : Mono.empty()));
            return Mono.firstWithSignal(run, refusal)
                    .doFinally(signal -> inProgress.remove(request));
        });
    }

    private static Mono<Void> refused(InProgress request) {
        return request.answerBegun() ? Mono.empty()
                : Mono.error(storeLost(request.exchange().getRequest(), request.situation().get()));
    }

    private static DomainRejection storeLost(ServerHttpRequest request, String unanswered) {
        HttpMethod method = request.getMethod();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return new DomainRejection(ErrorCode.STORE_UNAVAILABLE, unanswered + "; retry later");
        }
        return new DomainRejection(ErrorCode.STORE_UNAVAILABLE, unanswered + ", so whether this write was stored is "
                + (request.getHeaders().containsKey(Headers.IDEMPOTENCY_KEY)
                ? "unknown: retried with the same Idempotency-Key, it is stored once"
                : "unknown: read what it changes before sending it again"));
    }

    /** @return how many requests were answered so */
    public int answerStoreLost() {
        return answer(request -> true, "This node is stopping and its store does not answer");
    }

    /**
     * Answers the requests that have waited at least {@code waited}, the store being out of sight: a write
     * caught by an outage otherwise waits for the ledger's retries, minutes while the store stays away (tester
     * 61), longer than a client or a proxy in front of the node waits.
     *
     * @return how many requests were answered so
     */
    public int answerCaughtByOutage(Duration waited) {
        long now = System.nanoTime();
        return answer(request -> now - request.startedNanos() >= waited.toNanos(),
                "This request has waited " + (waited.toMillis() < 1_000 ? waited.toMillis() + " ms"
                        : waited.toSeconds() + " s") + " for a store out of sight");
    }

    private int answer(Predicate<InProgress> which, String situation) {
        int answered = 0;
        for (InProgress request : inProgress) {
            if (!request.answerBegun() && which.test(request)) {
                request.situation().set(situation);
                // First: what the application writes once its call is cut off must not reach this answer.
                request.seen().silence();
                if (request.storeLost().tryEmitEmpty().isSuccess()) {
                    answered++;
                }
            }
        }
        return answered;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
