package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import io.aftermath.shared.testing.MutableClock;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Before: keys once fetched were trusted until a token named one the node did not know, so a key the
 * issuer withdrew stayed good for as long as the node ran. Tokens here are the name of the key that
 * signed them; each decoder fetches the issuer's keys once, as Spring's does, and again for an unknown one.
 */
class KeyRenewingDecoderTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Duration FETCH_INTERVAL = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final Issuer issuer = new Issuer();
    private final KeyRenewingDecoder decoder = new KeyRenewingDecoder(issuer::decoder, MAX_AGE, FETCH_INTERVAL,
            clock);

    @Test
    void keys_younger_than_the_max_age_are_used_without_asking_the_issuer() {
        issuer.publish("a");
        accepted("a");

        issuer.publish("b");
        clock.advance(MAX_AGE.minusSeconds(1));

        accepted("a");
        assertThat(issuer.fetches).hasValue(1);
        assertThat(issuer.decoders).hasValue(1);
    }

    @Test
    void a_withdrawn_key_is_refused_once_the_keys_are_older_than_the_max_age() {
        issuer.publish("a");
        accepted("a");

        issuer.publish("b");
        clock.advance(MAX_AGE);

        // Answered from the keys in use while the issuer's current ones are fetched: nobody waits on it.
        accepted("a");
        refused("a");
        accepted("b");
        refused("a");
    }

    /**
     * Tester 152: on a node that got no token for a minute, a key withdrawn 60 s before opened one more request,
     * answered by the old keys while they were renewed; the README bounds it at the max age plus the fetch interval.
     */
    @Test
    void past_the_max_age_and_the_fetch_interval_the_first_token_waits_for_the_issuers_current_keys() {
        issuer.publish("a");
        accepted("a");

        issuer.publish("b");
        clock.advance(MAX_AGE.plus(FETCH_INTERVAL));

        refused("a");
        accepted("b");
        assertThat(issuer.decoders).hasValue(2);
    }

    /**
     * Tester 153: while the issuer hung, a node under traffic made its requests wait 5 s every 15 s, each token past
     * the max age and the fetch interval waiting for a renewal that could only time out.
     */
    @Test
    void under_traffic_while_the_issuer_hangs_tokens_the_keys_in_use_accept_do_not_wait() {
        issuer.publish("a");
        accepted("a");
        issuer.hang();
        clock.advance(MAX_AGE);
        accepted("a");
        issuer.failHanging();

        clock.advance(FETCH_INTERVAL.plusSeconds(1));

        StepVerifier.create(decoder.decode("a")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void renewed_keys_take_over_and_last_the_max_age_again() {
        issuer.publish("a");
        accepted("a");
        clock.advance(MAX_AGE);

        accepted("a");
        accepted("a");
        clock.advance(MAX_AGE.minusSeconds(1));
        accepted("a");

        assertThat(issuer.decoders).hasValue(2);
        assertThat(issuer.fetches).hasValue(2);
    }

    @Test
    void while_the_issuer_is_out_of_reach_the_old_keys_go_on_checking_tokens_until_it_answers() {
        issuer.publish("a");
        accepted("a");
        issuer.goDown();
        clock.advance(MAX_AGE.plus(1, ChronoUnit.HOURS));

        accepted("a");
        accepted("a");
        // A key the old set lacks could be one the issuer added since: that needs the issuer.
        StepVerifier.create(decoder.decode("new")).expectError(TimeoutException.class).verify();

        issuer.publish("b");
        accepted("a");
        refused("a");
        accepted("b");
    }

    @Test
    void with_no_keys_fetched_yet_an_issuer_out_of_reach_is_an_outage_not_a_refusal() {
        issuer.goDown();

        StepVerifier.create(decoder.decode("a")).expectError(TimeoutException.class).verify();
    }

    private void accepted(String key) {
        StepVerifier.create(decoder.decode(key)).expectNextMatches(jwt -> jwt.getSubject().equals(key)).verifyComplete();
    }

    private void refused(String key) {
        StepVerifier.create(decoder.decode(key)).expectError(BadJwtException.class).verify();
    }

    /** Publishes key names, or is down; hands out decoders that cache what they fetched, as Spring's do. */
    private static final class Issuer {

        final AtomicInteger fetches = new AtomicInteger();
        final AtomicInteger decoders = new AtomicInteger();
        private volatile Set<String> published = Set.of();
        private volatile boolean down;
        private volatile Sinks.Empty<Void> hanging;

        void publish(String key) {
            published = Set.of(key);
            down = false;
        }

        void goDown() {
            down = true;
        }

        /** Fetches from now on wait until {@link #failHanging()} fails them, as calls to a hanging issuer time out. */
        void hang() {
            hanging = Sinks.empty();
        }

        /** The fetches waiting so far time out; later ones wait again. */
        void failHanging() {
            Sinks.Empty<Void> timedOut = hanging;
            hanging = Sinks.empty();
            timedOut.tryEmitError(new TimeoutException("issuer did not answer"));
        }

        ReactiveJwtDecoder decoder() {
            decoders.incrementAndGet();
            Set<String>[] cached = new Set[1];
            return token -> {
                if (cached[0] == null || !cached[0].contains(token)) {
                    if (down) {
                        return Mono.error(new TimeoutException("issuer out of reach"));
                    }
                    Sinks.Empty<Void> waiting = hanging;
                    if (waiting != null) {
                        return waiting.asMono().then(Mono.empty());
                    }
                    fetches.incrementAndGet();
                    cached[0] = published;
                }
                return cached[0].contains(token)
                        ? Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject(token).build())
                        : Mono.error(new BadJwtException("no key named " + token));
            };
        }
    }
}
