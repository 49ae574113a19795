package io.aftermath.shared.web.security;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;

/**
 * Refuses a request carrying {@code Authorization} more than once, or two joined in one line as a proxy may join
 * them (RFC 9110, 5.3): Spring reads the first and ignores the rest, so which credentials acted would depend on an
 * order a proxy may change (tester 152: a good token, then junk, wrote as the token). RFC 6750 answers such a
 * request 400; nothing is done.
 */
public class SingleCredentialsFilter extends RefusingFilter {

    public SingleCredentialsFilter(ProblemWriter problems) {
        super(problems);
    }

    @Override
    Problem refusal(ServerWebExchange exchange) {
        List<String> given = exchange.getRequest().getHeaders().getOrDefault(HttpHeaders.AUTHORIZATION, List.of());
        if (given.size() <= 1 && given.stream().noneMatch(value -> value.contains(","))) {
            return null;
        }
        return Problem.of(ErrorCode.VALIDATION_FAILED, "The request carries Authorization more than once: send one "
                + "set of credentials; nothing was done");
    }

    /** Beside the cross-site check, before authentication (-100). */
    @Override
    public int getOrder() {
        return CrossSiteWriteFilter.ORDER + 1;
    }
}
