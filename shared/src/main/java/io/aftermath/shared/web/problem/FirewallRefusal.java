package io.aftermath.shared.web.problem;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.Headers;
import io.aftermath.shared.text.PlainText;

/**
 * What Spring Security's firewall refused, said as the API says it: a header value by its name
 * ({@code VALIDATION_FAILED}, as a bad {@code Idempotency-Key} is), a path by what it may not hold
 * ({@code MALFORMED_PATH}; it was {@code MALFORMED_REQUEST}, titled as if the body were at fault), a
 * method it does not let through (TRACE, or a name HTTP does not define) as one this server implements
 * for no resource (501 {@code METHOD_NOT_IMPLEMENTED}, RFC 9110 §15.6.2; it was 400, as if the request
 * were malformed, while a known method a path does not take stays 405 with {@code Allow}). The
 * firewall's exception carries nothing but its message, so the header is found again with the
 * firewall's own rule, and the path's fault is read from the message's wording.
 */
final class FirewallRefusal {

    /** "…the URL contained a potentially malicious String "%2F"" and "…the URL was not normalized". */
    private static final String URL = "URL";
    /** "…the HTTP method "FOO" was not included within the list of allowed HTTP methods [DELETE, GET, …]". */
    private static final String METHOD = "HTTP method";
    private static final Pattern QUOTED = Pattern.compile("\"(.+)\"");
    private static final Predicate<String> ALLOWED_VALUE = StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES;

    private FirewallRefusal() {
    }

    static Problem problem(ServerExchangeRejectedException rejected, ServerHttpRequest request) {
        String reason = rejected.getMessage() == null ? "" : rejected.getMessage();
        if (reason.contains(METHOD)) {
            return Problem.of(ErrorCode.METHOD_NOT_IMPLEMENTED, Problems.truncate("This server does not implement "
                    + "the method " + request.getMethod().name() + " for any resource"));
        }
        String header = refusedHeader(request);
        if (Headers.IDEMPOTENCY_KEY.equalsIgnoreCase(header)) {
            // Its own rule, as the idempotency filter words it: "ключ" sent as UTF-8 reads as Latin-1 with C1 controls
            // in it and is refused here, while "é" reads as "Ã©" and gets through to that filter.
            return new Problem(400, ErrorCode.VALIDATION_FAILED, "Invalid " + Headers.IDEMPOTENCY_KEY,
                    List.of(new FieldProblem(Headers.IDEMPOTENCY_KEY, Headers.IDEMPOTENCY_KEY_RULE)));
        }
        if (header != null) {
            return new Problem(400, ErrorCode.VALIDATION_FAILED, "Invalid header " + header,
                    List.of(new FieldProblem(header, "must not contain control characters")));
        }
        if (!reason.contains(URL)) {
            return Problem.of(ErrorCode.MALFORMED_REQUEST, Problems.truncate(reason));
        }
        Matcher quoted = QUOTED.matcher(reason);
        return Problem.of(ErrorCode.MALFORMED_PATH, quoted.find()
                ? Problems.truncate("The path may not contain " + shown(quoted.group(1)))
                : "The path may not contain . or .. segments");
    }

    /** A decoded NUL or line separator is named by its code point, not written into the detail. */
    private static String shown(String refused) {
        return refused.codePoints().mapToObj(c -> PlainText.isBlank(Character.toString(c))
                ? String.format("U+%04X", c) : Character.toString(c)).collect(Collectors.joining());
    }

    private static String refusedHeader(ServerHttpRequest request) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
            if (!header.getValue().stream().allMatch(ALLOWED_VALUE)) {
                return header.getKey();
            }
        }
        return null;
    }
}
