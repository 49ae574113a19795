package io.aftermath.shared.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Refuses a write at once with 503 {@code STORE_UNAVAILABLE} while the driver sees no writable server
 * (the store is down, or a replica set has no primary), instead of letting it wait out the driver's
 * server selection and the ledger's retries: minutes in which the client cannot tell whether its write
 * will happen. Nothing has been sent at this point, so the answer is certain (nothing appended) and
 * the Idempotency-Key stays free: the filter runs before the key is claimed, which needs the store too.
 * A write that found the store in sight and lost it on the way keeps the ledger's retries, since its
 * append may already have landed.
 */
public class StoreOutOfSightFilter implements WebFilter, Ordered {

    /** After authentication (-100), so a stranger learns nothing about the store; before the key's claim (0). */
    static final int ORDER = -50;

    private final StoreSight store;
    private final ProblemWriter problems;

    public StoreOutOfSightFilter(StoreSight store, ProblemWriter problems) {
        this.store = store;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!ApiWrites.isApiWrite(exchange.getRequest()) || store.inSight()) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.STORE_UNAVAILABLE,
                "No writable store in sight, so nothing was written; retry later (same Idempotency-Key)"));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
