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
 * word) and joins the values with a comma when it is text (at=…&at=… refused as "not an instant",
 * service=a&service=a matching no service at all). The repeatable filters (the triage queue's status,
 * priority and assignee; search's tag, service, releaseId and severity) are not among these. HEAD is
 * judged as its GET. After the node's role (-70) and Spring Security (-100).
 */
@Component
class RepeatedParameterFilter implements WebFilter, Ordered {

    private static final Set<String> SINGLE_VALUED = Set.of("at", "position", "from", "to", "limit", "offset",
            "canonical", "digest", "q", "after", "regression", "service", "releaseId", "updates", "historyOffset",
            "historyLimit", "duplicatesOffset", "duplicatesLimit");
    /** Search takes several services and releases, passing what has any of them. */
    private static final Set<String> REPEATABLE_IN_SEARCH = Set.of("service", "releaseId");
    private static final String SEARCH = "/api/postmortems";

    private final ProblemWriter problems;

    RepeatedParameterFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return chain.filter(exchange);
        }
        boolean search = SEARCH.equals(exchange.getRequest().getPath().pathWithinApplication().value());
        for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
            int given = parameter.getValue().size();
            String name = parameter.getKey();
            if (given > 1 && SINGLE_VALUED.contains(name) && !(search && REPEATABLE_IN_SEARCH.contains(name))) {
                return problems.write(exchange, InvalidParameter.givenMoreThanOnce(name, given));
            }
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return -55;
    }
}
