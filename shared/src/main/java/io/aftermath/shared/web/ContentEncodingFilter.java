package io.aftermath.shared.web;

import java.util.List;
import java.util.Locale;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Refuses a body in a content coding (gzip, deflate, br…) with 415 and {@code Accept-Encoding:
 * identity}, as RFC 9110 §15.5.16 and RFC 7694 ask: no reader here decodes one, so the compressed
 * bytes reached the JSON parser and were refused 400 as if the client had sent broken JSON. A filter,
 * so a keyed write is refused before its key is looked at, and the corrected request may use it.
 * After the node's role (-70), as a 415 for a content type comes after the 421; before the
 * {@code Accept} (-60), as Spring judges what a request sends before what it accepts.
 */
public class ContentEncodingFilter implements WebFilter, Ordered {

    static final int ORDER = -65;
    static final String IDENTITY = "identity";

    private final ProblemWriter problems;

    public ContentEncodingFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> codings = headers.getValuesAsList(HttpHeaders.CONTENT_ENCODING).stream()
                .map(coding -> coding.toLowerCase(Locale.ROOT))
                .filter(coding -> !coding.equals(IDENTITY)).toList();
        if (codings.isEmpty() || !hasBody(headers)) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.ACCEPT_ENCODING, IDENTITY);
        return problems.write(exchange, Problem.of(ErrorCode.UNSUPPORTED_CONTENT_ENCODING, "Content coding '"
                + String.join(", ", codings) + "' is not supported here; send the body uncompressed"));
    }

    /** A coding named on a request without a body applies to nothing, so it is let be. */
    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
