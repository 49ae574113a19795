package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.aftermath.shared.testing.MutableClock;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Before: every token with a made-up key id made the node fetch the issuer's key set, and a failed or
 * hanging fetch was tried again (or waited on) by every request.
 */
class IssuerFetchesTest {

    private static final URI KEYS = URI.create("https://issuer.example/jwks");
    /** Tester 152: outage lines named no URL, so an operator could not tell discovery from the key set. */
    private static final String REFUSED = "GET https://issuer.example/jwks failed: java.lang.IllegalStateException: "
            + "connection refused";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final IssuerFetches fetches = new IssuerFetches(Duration.ofSeconds(10), clock);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void a_url_fetched_within_the_interval_is_answered_from_that_fetch() {
        ExchangeFunction issuer = answering(HttpStatus.OK);

        assertBody(fetch(issuer), "keys 1");
        clock.advance(Duration.ofSeconds(9));
        assertBody(fetch(issuer), "keys 1");
        clock.advance(Duration.ofSeconds(1));
        assertBody(fetch(issuer), "keys 2");

        assertThat(calls).hasValue(2);
    }

    @Test
    void a_failed_fetch_is_remembered_for_the_interval_then_tried_again() {
        ExchangeFunction refusing = request -> {
            calls.incrementAndGet();
            return Mono.error(new IllegalStateException("connection refused"));
        };

        StepVerifier.create(fetch(refusing)).verifyErrorMessage(REFUSED);
        StepVerifier.create(fetch(refusing)).verifyErrorMessage(REFUSED);
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofSeconds(10));
        StepVerifier.create(fetch(refusing)).verifyErrorMessage(REFUSED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void an_error_status_is_remembered_like_an_answer() {
        ExchangeFunction broken = answering(HttpStatus.BAD_GATEWAY);

        StepVerifier.create(fetch(broken)).assertNext(response ->
                assertThat(response.statusCode()).isEqualTo(HttpStatus.BAD_GATEWAY)).verifyComplete();
        // Spring names the request in the error it makes of the status: "from UNKNOWN" before (tester 152).
        StepVerifier.create(fetch(broken)).assertNext(response -> {
            assertThat(response.statusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
            assertThat(response.request().getURI()).isEqualTo(KEYS);
            assertThat(response.request().getMethod()).isEqualTo(HttpMethod.GET);
        }).verifyComplete();

        assertThat(calls).hasValue(1);
    }

    @Test
    void fetches_asked_for_while_one_is_under_way_share_it() {
        Sinks.One<ClientResponse> answer = Sinks.one();
        ExchangeFunction slow = request -> {
            calls.incrementAndGet();
            return answer.asMono();
        };

        Mono<ClientResponse> first = fetch(slow);
        Mono<ClientResponse> second = fetch(slow);
        clock.advance(Duration.ofMinutes(5));
        Mono<ClientResponse> third = fetch(slow);
        answer.tryEmitValue(ClientResponse.create(HttpStatus.OK).body("keys").build());

        for (Mono<ClientResponse> fetch : List.of(first, second, third)) {
            assertBody(fetch, "keys");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void an_issuer_that_never_answers_fails_the_fetch_after_the_timeout() {
        ExchangeFunction silent = request -> Mono.never();

        StepVerifier.withVirtualTime(() -> fetches.filter(get(), silent))
                .thenAwait(IssuerFetches.TIMEOUT)
                .verifyErrorSatisfies(failure -> assertThat(failure).hasMessageStartingWith(
                        "GET https://issuer.example/jwks failed: " + TimeoutException.class.getName()));
    }

    @Test
    void with_no_interval_every_fetch_asks_the_issuer() {
        IssuerFetches unlimited = new IssuerFetches(Duration.ZERO, clock);
        ExchangeFunction issuer = answering(HttpStatus.OK);

        assertBody(unlimited.filter(get(), issuer), "keys 1");
        assertBody(unlimited.filter(get(), issuer), "keys 2");
    }

    @Test
    void only_reads_are_shared() {
        ExchangeFunction issuer = answering(HttpStatus.OK);
        ClientRequest post = ClientRequest.create(HttpMethod.POST, KEYS).build();

        assertBody(fetches.filter(post, issuer), "keys 1");
        assertBody(fetches.filter(post, issuer), "keys 2");
    }

    private ExchangeFunction answering(HttpStatus status) {
        return request -> Mono.fromSupplier(() ->
                ClientResponse.create(status).body("keys " + calls.incrementAndGet()).build());
    }

    private Mono<ClientResponse> fetch(ExchangeFunction issuer) {
        return fetches.filter(get(), issuer);
    }

    private static ClientRequest get() {
        return ClientRequest.create(HttpMethod.GET, KEYS).build();
    }

    private static void assertBody(Mono<ClientResponse> response, String body) {
        StepVerifier.create(response.flatMap(answer -> answer.bodyToMono(String.class))).expectNext(body).verifyComplete();
    }
}
