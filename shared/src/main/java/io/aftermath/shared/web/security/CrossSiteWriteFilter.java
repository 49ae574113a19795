package io.aftermath.shared.web.security;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Refuses a write a browser sends on behalf of another site's page. A browser resends the Basic credentials
 * it has cached for this host with any request, and a form (url-encoded, multipart, plain text) goes without
 * a CORS preflight: a page elsewhere could import post-mortems or start a backup as the signed-in user.
 * Browsers say where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}); scripts and tools send
 * neither and are let through, as are the origins {@code aftermath.security.allowed-origins} names.
 */
public class CrossSiteWriteFilter implements WebFilter, Ordered {

    /** After the correlation id and the size limit, before authentication (-100): no credentials are checked. */
    static final int ORDER = -150;

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final String FETCH_SITE = "Sec-Fetch-Site";

    private final Set<String> allowedOrigins;
    private final ProblemWriter problems;

    public CrossSiteWriteFilter(Set<String> allowedOrigins, ProblemWriter problems) {
        this.allowedOrigins = allowedOrigins.stream().map(CrossSiteWriteFilter::normalized)
                .collect(Collectors.toUnmodifiableSet());
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!UNSAFE.contains(request.getMethod()) || fromThisSite(request)) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.CROSS_SITE_WRITE, "A write sent by a page of "
                + describe(request) + " is refused: only this node's own pages, the origins "
                + "aftermath.security.allowed-origins names, and clients that are not browsers may write; "
                + "nothing was written"));
    }

    private boolean fromThisSite(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String site = lower(headers.getFirst(FETCH_SITE));
        if ("same-origin".equals(site) || "none".equals(site)) {
            return true;
        }
        String origin = headers.getOrigin();
        if (origin == null) {
            // A browser that says cross-site or same-site always says from where; without it, no browser sent it.
            return !"cross-site".equals(site) && !"same-site".equals(site);
        }
        String normalized = normalized(origin);
        return allowedOrigins.contains(normalized) || normalized.equals(ownOrigin(request));
    }

    private static String ownOrigin(ServerHttpRequest request) {
        URI uri = request.getURI();
        return normalized(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** Scheme and host in lower case, the scheme's default port left out, as browsers write an Origin. */
    static String normalized(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin.trim().toLowerCase(Locale.ROOT);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException notAUri) {
            return origin.trim().toLowerCase(Locale.ROOT);
        }
    }

    private static String describe(ServerHttpRequest request) {
        String origin = request.getHeaders().getOrigin();
        if (origin == null) {
            return "another site";
        }
        String shown = origin.length() <= 100 ? origin : origin.substring(0, 100) + "…";
        return shown.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? shown : "another site";
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
