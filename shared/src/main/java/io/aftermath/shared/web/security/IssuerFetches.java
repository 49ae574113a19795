package io.aftermath.shared.web.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/**
 * Spring's reactive key source fetches the issuer's key set again for every token whose key id it has
 * not cached, so anyone could make the node call the issuer once per request by sending tokens with
 * made-up key ids. Here a GET of a URL fetched less than the interval ago is answered from that fetch,
 * concurrent GETs share one call, and a failed fetch is remembered for the interval too, so an outage
 * is answered at once instead of by a new attempt per request. A fetch that takes longer than the
 * timeout fails: an issuer that accepts connections but never answers must not hold requests forever.
 */
final class IssuerFetches implements ExchangeFilterFunction {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Duration interval;
    private final Clock clock;
    private final Map<URI, Fetch> fetches = new ConcurrentHashMap<>();

    IssuerFetches(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (!HttpMethod.GET.equals(request.method())) {
            return next.exchange(request);
        }
        Fetch fetch = fetches.compute(request.url(),
                (url, earlier) -> earlier != null && earlier.stillServes(clock.instant(), interval)
                        ? earlier : new Fetch(request, next.exchange(request), clock));
        return fetch.answer.map(answer -> answer.toResponse(fetch.asked));
    }

    private static final class Fetch {

        final Mono<Answer> answer;
        /** Named by the answers, so that an error status in the log says which of the issuer's URLs gave it. */
        final HttpRequest asked;
        private volatile Instant ended;

        Fetch(ClientRequest request, Mono<ClientResponse> exchange, Clock clock) {
            asked = new Asked(request.method(), request.url(), request.headers());
            answer = exchange
                    .flatMap(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> new Answer(response.statusCode(), response.headers().asHttpHeaders(), body)))
                    .timeout(TIMEOUT)
                    .onErrorMap(failure -> new IssuerCallFailed(request, failure))
                    .doOnTerminate(() -> ended = clock.instant())
                    .cache();
        }

        /** A fetch still under way serves whoever asks meanwhile; a finished one, for the interval. */
        boolean stillServes(Instant now, Duration interval) {
            Instant end = ended;
            return end == null || now.isBefore(end.plus(interval));
        }
    }

    private record Answer(HttpStatusCode status, HttpHeaders headers, String body) {

        ClientResponse toResponse(HttpRequest asked) {
            return ClientResponse.create(status).headers(copy -> copy.addAll(headers)).body(body).request(asked)
                    .build();
        }
    }

    private record Asked(HttpMethod getMethod, URI getURI, HttpHeaders getHeaders) implements HttpRequest {

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }
    }

    /**
     * A call to the issuer that got no answer (refused, timed out), naming the URL; without a cause, so that the
     * outage's log line, which names a failure's innermost cause, says which of the issuer's URLs failed.
     */
    static final class IssuerCallFailed extends RuntimeException {

        IssuerCallFailed(ClientRequest request, Throwable failure) {
            super(request.method() + " " + request.url() + " failed: " + failure, null, false, false);
        }
    }
}
