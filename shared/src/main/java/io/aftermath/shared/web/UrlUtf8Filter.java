package io.aftermath.shared.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.FieldProblem;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Refuses a URL whose percent-escapes do not decode to well-formed UTF-8 ({@link Utf8}), as a body's bytes are:
 * Spring decodes each ill-formed sequence to U+FFFD, so {@code q=%C0%AF} was searched for and a release
 * {@code %C0%AF} answered 404 "No release ��" (tester 75). After the firewall (in the security chain, -100),
 * which refuses what a path may never hold, and before the node's role (-70).
 */
public class UrlUtf8Filter implements WebFilter, Ordered {

    static final int ORDER = -90;
    private static final String RULE = "must be UTF-8 once percent-decoded";

    private final ProblemWriter problems;

    public UrlUtf8Filter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        if (path != null && !wellFormed(path)) {
            return problems.write(exchange, Problem.of(ErrorCode.MALFORMED_PATH, "The path " + RULE));
        }
        String query = exchange.getRequest().getURI().getRawQuery();
        if (query != null && !wellFormed(query)) {
            for (String parameter : query.split("&")) {
                String name = parameter.split("=", 2)[0];
                if (!wellFormed(parameter)) {
                    String field = wellFormed(name) ? new String(decoded(name), StandardCharsets.UTF_8) : "query";
                    return problems.write(exchange, new Problem(400, ErrorCode.VALIDATION_FAILED,
                            "The query parameter " + field + " " + RULE, List.of(new FieldProblem(field, RULE))));
                }
            }
        }
        return chain.filter(exchange);
    }

    private static boolean wellFormed(String raw) {
        return raw.indexOf('%') < 0 && raw.chars().allMatch(c -> c < 0x80)
                || Utf8.firstInvalid(DefaultDataBufferFactory.sharedInstance.wrap(decoded(raw))) < 0;
    }

    /** The bytes the escapes stand for; anything else as its UTF-8. An escape that is none was refused before. */
    private static byte[] decoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int at = 0;
        while (at < raw.length()) {
            int c = raw.codePointAt(at);
            if (c == '%' && at + 2 < raw.length() && isHex(raw.charAt(at + 1)) && isHex(raw.charAt(at + 2))) {
                bytes.write(Integer.parseInt(raw, at + 1, at + 3, 16));
                at += 3;
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                at += Character.charCount(c);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
