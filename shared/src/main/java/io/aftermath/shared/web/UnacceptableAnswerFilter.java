package io.aftermath.shared.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
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
 * Refuses a request whose {@code Accept} does not admit what it would be answered, weighed as RFC 9110 does, before
 * it runs. Every write answers JSON, but Spring picks the answer's type only once the handler has returned: the
 * command had appended by then, the client was told 406, and its retry under the same Idempotency-Key (which a 406
 * leaves free) appended again. Reads are weighed here too: Spring's choice takes a range with {@code q=0} as a
 * preference rather than a refusal, so {@code application/json;q=0, *}{@code /*} was answered JSON (tester 77).
 */
public class UnacceptableAnswerFilter implements WebFilter, Ordered {

    /** After authentication (-100), before the store check (-50) and the key's claim (0). */
    static final int ORDER = -60;
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final ProblemWriter problems;

    public UnacceptableAnswerFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        MediaType answer = answerType(request);
        if (answer == null) {
            return chain.filter(exchange);
        }
        boolean write = ApiWrites.isApiWrite(request);
        List<MediaType> accepted;
        try {
            accepted = request.getHeaders().getAccept();
        } catch (InvalidMediaTypeException unreadable) {
            // As a read answers it (406), not as an unreadable Content-Type (415, tester 38).
            return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE, "The Accept header cannot be read ("
                    + unreadable.getMessage() + "); send " + answer + ", or none" + (write ? "; nothing was written" : "")));
        }
        if (admits(accepted, answer)) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE, (write ? "Writes answer " : "This answers ")
                + answer + ", which the Accept header does not admit" + (write ? "; nothing was written" : "")));
    }

    /** What the API answers the request with, null for what it does not judge (other paths, other methods). */
    private static MediaType answerType(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (ApiWrites.isApiWrite(request)) {
            return MediaType.APPLICATION_JSON;
        }
        HttpMethod method = request.getMethod();
        if (!path.startsWith("/api/") || !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return null;
        }
        if (path.endsWith("/stream")) {
            return MediaType.TEXT_EVENT_STREAM;
        }
        return path.equals("/api/events") || path.startsWith("/api/releases/") && path.endsWith("/events") ? NDJSON
                : MediaType.APPLICATION_JSON;
    }

    /**
     * As RFC 9110 weighs it: the most specific range that includes the type decides, so
     * {@code application/json;q=0, *}{@code /*} refuses JSON (tester 38: it was written).
     */
    private static boolean admits(List<MediaType> accepted, MediaType answer) {
        if (accepted.isEmpty()) {
            return true;
        }
        int specificity = -1;
        double quality = 0;
        for (MediaType range : accepted) {
            if (!range.includes(answer)) {
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
