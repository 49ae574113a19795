package io.aftermath.shared.web.admission;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.publisher.Mono;

/**
 * Admits the requests of the {@link HeavyRoutes} a few at a time. Each may read much of the log and hold
 * a page of up to 10,000 events while it is written: ten log exports, four verifications and a search
 * rebuild at once exhausted a 512 MB heap, and a node out of heap answers nothing at all. The others wait
 * their turn in arrival order, up to a bound and for a while, then get 503 {@code OVERLOADED} with
 * {@code Retry-After}, which changes nothing. A request keeps its place until its answer is written
 * to the end (or its client goes away), since that is as long as it holds its page. HEAD counts as its
 * GET. After the node's role (-70), so a request another node serves is not queued here.
 */
public class HeavyRequestFilter implements WebFilter, Ordered, MeterBinder {

    static final int ORDER = -45;
    static final String DESCRIPTION = "log exports, verifications, replays, checkpoints, backups";

    private final Admission admission;
    private final HeavyRequests settings;
    private final List<Route> routes;
    private final ProblemWriter problems;
    private final AtomicLong turnedAway = new AtomicLong();

    public HeavyRequestFilter(HeavyRequests settings, List<HeavyRoutes> declared, ProblemWriter problems) {
        this.admission = new Admission(settings.concurrency(), settings.queue());
        this.settings = settings;
        this.routes = declared.stream()
                .flatMap(heavy -> heavy.paths().stream().map(path -> new Route(heavy.method(), path)))
                .toList();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!heavy(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> {
            Admission.Ticket ticket = admission.enter();
            return ticket.admitted(settings.maxWait())
                    .flatMap(admitted -> admitted ? chain.filter(exchange) : problems.write(exchange, refusal(ticket)))
                    .doFinally(signal -> ticket.leave());
        });
    }

    private boolean heavy(ServerHttpRequest request) {
        HttpMethod method = HttpMethod.HEAD.equals(request.getMethod()) ? HttpMethod.GET : request.getMethod();
        return routes.stream().anyMatch(route -> route.matches(method, request));
    }

    private Problem refusal(Admission.Ticket ticket) {
        turnedAway.incrementAndGet();
        String busy = "This node is answering all the heavy requests (" + DESCRIPTION + ") it takes at once, "
                + admission.concurrency();
        if (settings.maxWait().isZero()) {
            return Problem.of(ErrorCode.OVERLOADED, busy + "; retry later");
        }
        String detail = switch (ticket.refusal()) {
            case QUEUE_FULL -> busy + ", and " + admission.queue() + " more are waiting; retry later";
            case WAITED_TOO_LONG -> "Waited " + SettingRange.print(settings.maxWait()) + " for a place among the "
                    + admission.concurrency() + " heavy requests (" + DESCRIPTION + ") this node takes at once; "
                    + "retry later";
        };
        return Problem.of(ErrorCode.OVERLOADED, detail);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("aftermath.heavy.requests.running", admission, Admission::running)
                .description("Heavy requests (" + DESCRIPTION + ") being answered").register(registry);
        Gauge.builder("aftermath.heavy.requests.waiting", admission, Admission::waiting)
                .description("Heavy requests waiting for their turn").register(registry);
        FunctionCounter.builder("aftermath.heavy.requests.refused", turnedAway, AtomicLong::get)
                .description("Heavy requests answered 503 OVERLOADED without running").register(registry);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private record Route(HttpMethod method, PathPattern pattern) {

        Route(HttpMethod method, String path) {
            this(method, PathPatternParser.defaultInstance.parse(path));
        }

        boolean matches(HttpMethod requested, ServerHttpRequest request) {
            return method.equals(requested) && pattern.matches(request.getPath().pathWithinApplication());
        }
    }
}
