package io.aftermath.shared.web;

import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** The requests that may append to the ledger, and so honour an {@code Idempotency-Key}: any unsafe method on the API. */
public final class ApiWrites {

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private ApiWrites() {
    }

    public static boolean isApiWrite(ServerHttpRequest request) {
        return isApiWrite(request.getMethod(), request.getPath().value());
    }

    public static boolean isApiWrite(HttpMethod method, String path) {
        return UNSAFE.contains(method) && path.startsWith("/api/");
    }
}
