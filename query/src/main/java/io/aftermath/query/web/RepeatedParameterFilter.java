package io.aftermath.query.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * A read parameter that takes one value, given twice, is 400 naming it. Spring binds such a parameter
 * to its first value when it is a number (position=5&position=9 read as 5, the 9 dropped without a
 * word) and joins the values with a comma when it is text (at=…&at=… refused as "not an instant"). The
 * repeatable filters (the triage queue's status, priority and assignee; search's tag, service,
 * releaseId and severity) are not among these. After the node's role (-70) and Spring Security (-100).
 */
@Component
class RepeatedParameterFilter implements WebFilter, Ordered {

    private static final Set<String> SINGLE_VALUED = Set.of("at", "position", "from", "to", "limit", "offset",
            "canonical", "digest", "q", "after", "regression");

    private final ProblemWriter problems;

    RepeatedParameterFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!HttpMethod.GET.equals(exchange.getRequest().getMethod())) {
            return chain.filter(exchange);
        }
        for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
            int given = parameter.getValue().size();
            if (given > 1 && SINGLE_VALUED.contains(parameter.getKey())) {
                return problems.write(exchange, new InvalidParameter(parameter.getKey(),
                        "takes one value but was given " + given + ": give it once"));
            }
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return -55;
    }
}
