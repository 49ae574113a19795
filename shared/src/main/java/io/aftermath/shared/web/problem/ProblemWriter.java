package io.aftermath.shared.web.problem;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.CorrelationIdFilter;
import reactor.core.publisher.Mono;

/**
 * Writes a {@link Problem} as RFC 9457 {@code application/problem+json}, with the extra members
 * {@code code} (the {@code ErrorCode} name clients branch on), {@code correlationId} and, for bad
 * input, {@code errors: [{field, message}]}. Used by the exception handler, the web filters and the
 * security entry points alike, so every refusal looks the same whoever refuses.
 */
public class ProblemWriter {

    public static final String TYPE_PREFIX = "urn:aftermath:problem:";
    /** Set on the exchange when a problem was written, so filters can tell what happened. */
    public static final String PROBLEM_ATTRIBUTE = ProblemWriter.class.getName() + ".problem";
    /** The driver looks for a lost server about this often (its heartbeat is shortened while operations wait). */
    static final String RETRY_AFTER_SECONDS = "5";
    /**
     * Spring Security's own writers of the headers its chain puts on every answer: refusals made before that
     * chain (a method no path takes, a path that cannot be read, a cross-site write) would otherwise lack them.
     */
    private static final ServerHttpHeadersWriter SECURITY_HEADERS = new CompositeServerHttpHeadersWriter(
            new CacheControlServerHttpHeadersWriter(), new XContentTypeOptionsServerHttpHeadersWriter(),
            new XFrameOptionsServerHttpHeadersWriter(), new XXssProtectionServerHttpHeadersWriter(),
            new ReferrerPolicyServerHttpHeadersWriter());

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Mono<Void> write(ServerWebExchange exchange, Throwable failure) {
        if (failure instanceof ErrorResponse response) {
            // Headers the status needs: Allow on a 405, Accept-Post on a 415.
            response.getHeaders().forEach(exchange.getResponse().getHeaders()::put);
            withImplicitMethods(exchange.getResponse().getHeaders());
        }
        if (failure instanceof UnsupportedMediaTypeStatusException unsupported
                && exchange.getResponse().getHeaders().containsKey(HttpHeaders.ACCEPT)) {
            // Tester 33: Spring's Accept offered NDJSON for a body that is one JSON object, which the detail does not.
            exchange.getResponse().getHeaders().setAccept(Problems.readable(unsupported));
        }
        return write(exchange, Problems.of(failure, exchange.getRequest()));
    }

    /**
     * Spring's 405 names the mapped methods only, while it also answers HEAD wherever GET is mapped and OPTIONS
     * on every mapped path, as its own answer to OPTIONS says: Allow lists them all.
     */
    private static void withImplicitMethods(HttpHeaders headers) {
        Set<HttpMethod> allowed = headers.getAllow();
        if (allowed.isEmpty()) {
            return;
        }
        Set<HttpMethod> all = new LinkedHashSet<>(allowed);
        if (all.contains(HttpMethod.GET)) {
            all.add(HttpMethod.HEAD);
        }
        all.add(HttpMethod.OPTIONS);
        headers.setAllow(all);
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        exchange.getAttributes().put(PROBLEM_ATTRIBUTE, problem);
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        if (problem.status() == 503 || problem.code() == ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS) {
            // Each is a "try again": a full queue or a store out of sight, both gone in seconds, or a
            // duplicate of a request still running (tester 54: clients retrying it had no pace to go by).
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = render(problem, exchange);
        response.getHeaders().setContentLength(body.length);
        return SECURITY_HEADERS.writeHttpHeaders(exchange)
                .then(Mono.defer(() -> response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)))));
    }

    private byte[] render(Problem problem, ServerWebExchange exchange) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()),
                problem.detail());
        detail.setType(URI.create(TYPE_PREFIX + problem.code().slug()));
        detail.setTitle(problem.code().title());
        detail.setInstance(URI.create(exchange.getRequest().getPath().value()));
        detail.setProperty("code", problem.code().name());
        String correlationId = CorrelationIdFilter.correlationId(exchange);
        if (correlationId != null) {
            detail.setProperty("correlationId", correlationId);
        }
        if (!problem.errors().isEmpty()) {
            detail.setProperty("errors", problem.errors());
        }
        try {
            return mapper.writeValueAsBytes(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem detail could not be serialized", e);
        }
    }
}
