package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.aftermath.shared.testing.MutableClock;
import reactor.core.publisher.Mono;

class VerifiedCredentialsTest {

    private final AtomicInteger passwordChecks = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    /** Accepts only alice/right, counting every (expensive) check. */
    private final ReactiveAuthenticationManager bcrypt = attempt -> {
        passwordChecks.incrementAndGet();
        if (attempt.getName().equals("alice") && "right".equals(attempt.getCredentials())) {
            return Mono.just(UsernamePasswordAuthenticationToken.authenticated("alice", null,
                    List.of(new SimpleGrantedAuthority("ROLE_TRIAGER"))));
        }
        return Mono.error(new BadCredentialsException("Invalid Credentials"));
    };

    private final VerifiedCredentials cache = new VerifiedCredentials(bcrypt, Duration.ofMinutes(5), 100, clock);

    @Test
    void the_same_good_credentials_are_checked_once_within_the_ttl() {
        Authentication first = login("alice", "right");
        Authentication second = login("alice", "right");

        assertThat(second).isSameAs(first);
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_TRIAGER");
        assertThat(passwordChecks).hasValue(1);
    }

    @Test
    void a_wrong_password_is_never_remembered_and_never_matches_a_remembered_one() {
        login("alice", "right");

        assertThatThrownBy(() -> login("alice", "wrong")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> login("alice", "wrong")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> login("bob", "right")).isInstanceOf(BadCredentialsException.class);
        assertThat(passwordChecks).hasValue(4);
    }

    @Test
    void credentials_are_checked_again_once_the_ttl_has_passed() {
        login("alice", "right");
        clock.advance(Duration.ofMinutes(5));
        login("alice", "right");

        assertThat(passwordChecks).hasValue(2);
    }

    @Test
    void concurrent_requests_with_remembered_credentials_all_hit_the_cache() throws Exception {
        Authentication first = login("alice", "right");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Authentication>> logins = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                logins.add(threads.submit(() -> login("alice", "right")));
            }
            for (Future<Authentication> login : logins) {
                assertThat(login.get()).isSameAs(first);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(passwordChecks).hasValue(1);
    }

    @Test
    void a_zero_ttl_checks_every_request() {
        VerifiedCredentials off = new VerifiedCredentials(bcrypt, Duration.ZERO, 100, clock);
        off.authenticate(attempt("alice", "right")).block();
        off.authenticate(attempt("alice", "right")).block();

        assertThat(passwordChecks).hasValue(2);
    }

    private Authentication login(String username, String password) {
        return cache.authenticate(attempt(username, password)).block();
    }

    private static Authentication attempt(String username, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
    }
}
