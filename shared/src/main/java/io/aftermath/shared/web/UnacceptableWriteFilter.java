package io.aftermath.shared.web;

import java.util.List;

import org.springframework.core.Ordered;
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
        if (!ApiWrites.isApiWrite(request) || admitsJson(request.getHeaders().getAccept())) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE,
                "Writes answer " + MediaType.APPLICATION_JSON_VALUE + ", which the Accept header does not admit; "
                        + "nothing was written"));
    }

    private static boolean admitsJson(List<MediaType> accepted) {
        return accepted.isEmpty() || accepted.stream()
                .anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
