package io.aftermath.shared.web.openapi;

import org.springframework.http.HttpMethod;

/**
 * The operations that only nodes running some role serve; a node without it answers them 421
 * {@code NOT_SERVED_BY_THIS_NODE}. Provided by the executable, which knows the roles' routes;
 * without it no operation is described as role-bound.
 */
@FunctionalInterface
public interface RoleBoundOperations {

    /** {@code path} as the description writes it, e.g. {@code /api/tickets/{ticketId}}. */
    boolean isRoleBound(HttpMethod method, String path);
}
