package io.aftermath.shared.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Refuses a write whose {@code Accept} admits no JSON before it runs. Every write answers JSON, but
 * Spring picks the answer's type only once the handler has returned: the command had appended by
 * then, the client was told 406, and its retry under the same Idempotency-Key (which a 406 leaves
 * free) appended again.
 */
public class UnacceptableWriteFilter implements WebFilter, Ordered {

    /** After authentication (-100), before the store check (-50) and the key's claim (0). */
    static final int ORDER = -60;

    private final ProblemWriter problems;

    public UnacceptableWriteFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!ApiWrites.isApiWrite(request)) {
            return chain.filter(exchange);
        }
        List<MediaType> accepted;
        try {
            accepted = request.getHeaders().getAccept();
        } catch (InvalidMediaTypeException unreadable) {
            // As a read answers it (406), not as an unreadable Content-Type (415, tester 38).
            return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE, "The Accept header cannot be read ("
                    + unreadable.getMessage() + "); send " + MediaType.APPLICATION_JSON_VALUE + ", or none; nothing was written"));
        }
        if (admitsJson(accepted)) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE,
                "Writes answer " + MediaType.APPLICATION_JSON_VALUE + ", which the Accept header does not admit; "
                        + "nothing was written"));
    }

    /**
     * As RFC 9110 weighs it: the most specific range that includes JSON decides, so
     * {@code application/json;q=0, *}{@code /*} refuses JSON (tester 38: it was written).
     */
    private static boolean admitsJson(List<MediaType> accepted) {
        if (accepted.isEmpty()) {
            return true;
        }
        int specificity = -1;
        double quality = 0;
        for (MediaType range : accepted) {
            if (!range.includes(MediaType.APPLICATION_JSON)) {
                continue;
            }
            int rangeSpecificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
            if (rangeSpecificity > specificity) {
                specificity = rangeSpecificity;
                quality = range.getQualityValue();
            } else if (rangeSpecificity == specificity) {
                quality = Math.max(quality, range.getQualityValue());
            }
        }
        return quality > 0;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
