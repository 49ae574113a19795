package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.testing.MutableClock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class FailedLoginBrakeTest {

    private final AtomicInteger passwordChecks = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

    /** Accepts only alice/right, counting every (expensive) check. */
    private final ReactiveAuthenticationManager bcrypt = attempt -> {
        passwordChecks.incrementAndGet();
        return "right".equals(attempt.getCredentials())
                ? Mono.just(UsernamePasswordAuthenticationToken.authenticated(attempt.getName(), null, List.of()))
                : Mono.error(new BadCredentialsException("Invalid Credentials"));
    };

    private final FailedLoginBrake brake = new FailedLoginBrake(bcrypt, 3, clock);

    @Test
    void an_address_past_its_wrong_passwords_is_refused_429_without_a_password_check() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("10.0.0.1", "alice", "guess")).isInstanceOf(BadCredentialsException.class);
        }
        ServerWebExchange exchange = exchange("10.0.0.1");

        assertThatThrownBy(() -> login(exchange, "alice", "right")).isInstanceOfSatisfying(DomainRejection.class,
                refused -> assertThat(refused.code()).isEqualTo(ErrorCode.TOO_MANY_LOGIN_FAILURES));
        assertThat(passwordChecks).as("the fourth never reached BCrypt").hasValue(3);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
    }

    @Test
    void other_addresses_still_log_in_and_the_refusal_ends_a_minute_after_the_first_failure() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("10.0.0.1", "alice", "guess")).isInstanceOf(BadCredentialsException.class);
        }

        assertThat(login("10.0.0.2", "alice", "right").isAuthenticated()).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> login("10.0.0.1", "alice", "right")).isInstanceOf(DomainRejection.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(login("10.0.0.1", "alice", "right").isAuthenticated()).isTrue();
    }

    /** Tester 60: the minute ran from the address's first password check, a right one included. */
    @Test
    void the_minute_runs_from_the_first_wrong_password_not_from_a_right_one_before_it() {
        assertThat(login("10.0.0.1", "alice", "right").isAuthenticated()).isTrue();
        clock.advance(Duration.ofSeconds(35));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("10.0.0.1", "alice", "guess")).isInstanceOf(BadCredentialsException.class);
        }
        ServerWebExchange exchange = exchange("10.0.0.1");

        assertThatThrownBy(() -> login(exchange, "alice", "right")).isInstanceOf(DomainRejection.class);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
    }

    @Test
    void failures_spread_over_more_than_a_minute_never_add_up() {
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> login("10.0.0.1", "alice", "typo")).isInstanceOf(BadCredentialsException.class);
            clock.advance(Duration.ofSeconds(i % 2 == 0 ? 1 : 60));
        }

        assertThat(passwordChecks).hasValue(6);
        assertThat(login("10.0.0.1", "alice", "right").isAuthenticated()).isTrue();
    }

    @Test
    void zero_allows_any_number_of_wrong_passwords() {
        FailedLoginBrake off = new FailedLoginBrake(bcrypt, 0, clock);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> off.authenticate(token("alice", "guess"))
                    .contextWrite(context -> context.put(ServerWebExchange.class, exchange("10.0.0.1"))).block())
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(passwordChecks).hasValue(20);
    }

    private Authentication login(String address, String user, String password) {
        return login(exchange(address), user, password);
    }

    private Authentication login(ServerWebExchange exchange, String user, String password) {
        return brake.authenticate(token(user, password))
                .contextWrite(context -> context.put(ServerWebExchange.class, exchange)).block();
    }

    private static Authentication token(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    private static ServerWebExchange exchange(String address) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/triage")
                .remoteAddress(new InetSocketAddress(address, 40_000)));
    }

    /** Tester 20: 30 guesses sent at once were all checked, since each counted only once its check ended. */
    @Test
    void guesses_sent_at_once_are_checked_one_at_a_time_and_those_past_the_limit_never() {
        ReactiveAuthenticationManager slow = attempt -> Mono.delay(Duration.ofMillis(30))
                .then(bcrypt.authenticate(attempt));
        FailedLoginBrake braked = new FailedLoginBrake(slow, 3, clock);
        ServerWebExchange exchange = exchange("10.0.0.1");

        List<Throwable> outcomes = Flux.range(0, 8)
                .flatMap(i -> braked.authenticate(token("alice", "guess-" + i))
                        .contextWrite(context -> context.put(ServerWebExchange.class, exchange))
                        .<Throwable>map(unexpected -> new AssertionError("logged in"))
                        .onErrorResume(refused -> Mono.just(refused)))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(passwordChecks).as("checks run").hasValue(3);
        assertThat(outcomes).filteredOn(BadCredentialsException.class::isInstance).hasSize(3);
        assertThat(outcomes).filteredOn(DomainRejection.class::isInstance).hasSize(5);
    }

    /** Tester 46: a right password that waited too long was told 429 for wrong passwords, to retry in 2 s. */
    @Test
    void a_login_that_waited_its_turn_too_long_is_told_to_retry_in_a_second_not_that_it_guessed() {
        Sinks.Empty<Void> release = Sinks.empty();
        FailedLoginBrake braked = new FailedLoginBrake(attempt -> release.asMono().then(bcrypt.authenticate(attempt)),
                3, clock);
        braked.authenticate(token("alice", "right"))
                .contextWrite(context -> context.put(ServerWebExchange.class, exchange("10.0.0.1"))).subscribe();
        ServerWebExchange waiting = exchange("10.0.0.1");

        StepVerifier.create(braked.authenticate(token("alice", "right"))
                        .contextWrite(context -> context.put(ServerWebExchange.class, waiting)))
                .then(() -> clock.advance(FailedLoginBrake.MOST_WAIT.plusSeconds(1)))
                .expectErrorSatisfies(refused -> assertThat(refused).isInstanceOfSatisfying(DomainRejection.class,
                        rejection -> assertThat(rejection.code()).isEqualTo(ErrorCode.TOO_MANY_CONCURRENT_LOGINS)))
                .verify(Duration.ofSeconds(5));
        release.tryEmitEmpty();

        assertThat(waiting.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }
}
