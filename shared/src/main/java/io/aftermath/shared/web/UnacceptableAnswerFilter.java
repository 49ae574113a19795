package io.aftermath.shared.web;

import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
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
    private final ProblemWriter problems;
    private final ObjectProvider<RequestMappingHandlerMapping> handlers;
    private volatile List<RequestMappingInfo> routes;

    /** {@code handlers}: the mapping of the API's controllers, whose {@code produces} say what each answers. */
    public UnacceptableAnswerFilter(ProblemWriter problems, ObjectProvider<RequestMappingHandlerMapping> handlers) {
        this.problems = problems;
        this.handlers = handlers;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        Set<MediaType> answers = answerTypes(exchange);
        if (answers == null) {
            return chain.filter(exchange);
        }
        String answer = MediaType.toString(answers);
        boolean write = ApiWrites.isApiWrite(request);
        List<MediaType> accepted;
        try {
            accepted = request.getHeaders().getAccept();
        } catch (InvalidMediaTypeException unreadable) {
            // As a read answers it (406), not as an unreadable Content-Type (415, tester 38).
            return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE, "The Accept header cannot be read ("
                    + unreadable.getMessage() + "); send " + answer + ", or none" + (write ? "; nothing was written" : "")));
        }
        if (answers.stream().anyMatch(type -> admits(accepted, type))) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.NOT_ACCEPTABLE, (write ? "Writes answer " : "This answers ")
                + answer + ", which the Accept header does not admit" + (write ? "; nothing was written" : "")));
    }

    /**
     * What the API answers the request with, as its handler's {@code produces} declares (JSON where it declares
     * nothing); null for what it does not judge: paths outside the API or that no handler of this node serves,
     * methods other than the API's writes, GET and HEAD.
     */
    private Set<MediaType> answerTypes(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        boolean judged = ApiWrites.isApiWrite(request) || HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        if (!judged || !request.getPath().value().startsWith("/api/")) {
            return null;
        }
        RequestMappingInfo served = null;
        for (RequestMappingInfo route : routes()) {
            boolean matches = route.getPatternsCondition().getMatchingCondition(exchange) != null
                    && route.getMethodsCondition().getMatchingCondition(exchange) != null;
            // The one Spring would run: the most specific of those that match.
            if (matches && (served == null || route.compareTo(served, exchange) < 0)) {
                served = route;
            }
        }
        if (served == null) {
            return null;
        }
        Set<MediaType> produced = served.getProducesCondition().getProducibleMediaTypes();
        return produced.isEmpty() ? Set.of(MediaType.APPLICATION_JSON) : produced;
    }

    /** Read once: the mapping copies its registrations at each call, and they do not change once requests come. */
    private List<RequestMappingInfo> routes() {
        List<RequestMappingInfo> known = routes;
        if (known == null) {
            known = List.copyOf(handlers.getObject().getHandlerMethods().keySet());
            routes = known;
        }
        return known;
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
