package io.aftermath.shared.web.security;

import java.net.URI;
import java.util.Locale;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;

/**
 * Refuses a write a browser sends on behalf of another site's page. A browser resends the Basic credentials
 * it has cached for this host with any request, and a form (url-encoded, multipart, plain text) goes without
 * a CORS preflight: a page elsewhere could import post-mortems or start a backup as the signed-in user.
 * Browsers say where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}); scripts and tools send
 * neither and are let through, as are the origins {@code aftermath.security.allowed-origins} names.
 */
public class CrossSiteWriteFilter extends RefusingFilter {

    /** After the correlation id and the size limit, before authentication (-100): no credentials are checked. */
    static final int ORDER = -150;

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final String FETCH_SITE = "Sec-Fetch-Site";

    private final Set<WebOrigin> allowedOrigins;

    /** @param allowedOrigins origins as {@link AftermathSecurityProperties} checked them at start-up */
    public CrossSiteWriteFilter(Collection<String> allowedOrigins, ProblemWriter problems) {
        super(problems);
        this.allowedOrigins = allowedOrigins.stream().map(WebOrigin::parse).flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    Problem refusal(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        if (!UNSAFE.contains(request.getMethod()) || fromThisSite(request)) {
            return null;
        }
        String repeated = repeatedHeader(request.getHeaders());
        String why = repeated != null
                ? "A write carrying " + repeated + " more than once is refused, as no browser sends it so: send it "
                + "once or not at all; nothing was written"
                : "A write sent by a page of " + describe(request) + " is refused: only this node's own pages, "
                + "the origins aftermath.security.allowed-origins names, and clients that are not browsers may "
                + "write; nothing was written";
        return Problem.of(ErrorCode.CROSS_SITE_WRITE, why);
    }

    /** A header given twice, or as a list in one line, which is how a proxy may join two (RFC 9110, 5.3). */
    private static String repeatedHeader(HttpHeaders headers) {
        for (String name : List.of(FETCH_SITE, HttpHeaders.ORIGIN)) {
            List<String> values = headers.getOrDefault(name, List.of());
            if (values.size() > 1 || values.stream().anyMatch(value -> value.contains(","))) {
                return name;
            }
        }
        return null;
    }

    /** Browsers send one of each header: a request carrying two of either was not sent by one as it is. */
    private boolean fromThisSite(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        List<String> sites = headers.getOrDefault(FETCH_SITE, List.of()).stream()
                .map(site -> site.trim().toLowerCase(Locale.ROOT)).toList();
        List<String> origins = headers.getOrDefault(HttpHeaders.ORIGIN, List.of());
        if (repeatedHeader(headers) != null) {
            return false;
        }
        Optional<WebOrigin> origin = origins.isEmpty() ? Optional.empty() : WebOrigin.parse(origins.get(0));
        boolean allowed = origin.filter(allowedOrigins::contains).isPresent();
        String site = sites.isEmpty() ? null : sites.get(0);
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            return allowed;
        }
        if ("same-origin".equals(site) || "none".equals(site)) {
            return true;
        }
        // No browser sends neither header on a write; one that sends only Origin must name this node or a listed one.
        return origins.isEmpty() || allowed || origin.isPresent() && origin.equals(ownOrigin(request));
    }

    private static Optional<WebOrigin> ownOrigin(ServerHttpRequest request) {
        URI uri = request.getURI();
        return WebOrigin.parse(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static String describe(ServerHttpRequest request) {
        String origin = request.getHeaders().getOrigin();
        if (origin == null || origin.isBlank()) {
            return "another site";
        }
        String shown = origin.length() <= 100 ? origin : origin.substring(0, 100) + "…";
        return shown.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? shown : "another site";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
