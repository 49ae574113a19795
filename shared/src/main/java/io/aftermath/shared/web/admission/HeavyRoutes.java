package io.aftermath.shared.web.admission;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * Routes whose answer costs a pass over much of the log, or holds much of it while written: the
 * {@link HeavyRequestFilter} lets only a few of them run at once. Each side declares its own.
 *
 * @param paths path patterns, as in a request mapping ({@code /api/releases/{releaseId}/replay})
 */
public record HeavyRoutes(HttpMethod method, List<String> paths) {

    public HeavyRoutes {
        paths = List.copyOf(paths);
    }
}
