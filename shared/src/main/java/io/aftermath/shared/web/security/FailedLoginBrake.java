package io.aftermath.shared.web.security;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import reactor.core.publisher.Mono;

/**
 * Refuses, without running BCrypt, the password checks of a client address that sent too many wrong
 * passwords within a minute: each wrong guess costs the node a BCrypt check (~90 ms of CPU at strength
 * 10), so one client guessing on many connections slowed every other request sixteenfold and made
 * health time out. {@link VerifiedCredentials} answers remembered successes before this, so someone
 * already signed in from that address is not locked out by another's guessing.
 */
final class FailedLoginBrake implements ReactiveAuthenticationManager {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(FailedLoginBrake.class);
    private static final int MAX_ADDRESSES = 10_000;

    private final ReactiveAuthenticationManager passwordCheck;
    private final int allowed;
    private final Clock clock;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    FailedLoginBrake(ReactiveAuthenticationManager passwordCheck, int allowed, Clock clock) {
        this.passwordCheck = passwordCheck;
        this.allowed = allowed;
        this.clock = clock;
    }

    private record Failures(Instant since, int count) {

        boolean over(Instant now) {
            return !now.isBefore(since.plus(WINDOW));
        }
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        if (allowed == 0) {
            return passwordCheck.authenticate(attempt);
        }
        return Mono.deferContextual(context -> {
            ServerWebExchange exchange = context.getOrDefault(ServerWebExchange.class, null);
            String address = exchange == null ? "unknown" : address(exchange);
            Instant now = clock.instant();
            Failures failures = byAddress.get(address);
            if (failures != null && !failures.over(now) && failures.count() >= allowed) {
                Instant until = failures.since().plus(WINDOW);
                if (exchange != null) {
                    long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
                }
                return Mono.error(new DomainRejection(ErrorCode.TOO_MANY_LOGIN_FAILURES, allowed
                        + " wrong passwords came from this address within a minute; logins from it are refused until "
                        + until));
            }
            return passwordCheck.authenticate(attempt)
                    .doOnError(BadCredentialsException.class, wrong -> count(address, clock.instant()));
        });
    }

    private void count(String address, Instant now) {
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(failures -> failures.over(now));
        }
        Failures counted = byAddress.compute(address, (key, failures) -> failures == null || failures.over(now)
                ? new Failures(now, 1) : new Failures(failures.since(), failures.count() + 1));
        if (counted.count() == allowed) {
            LOG.warn("{} wrong passwords from {} within a minute: its logins are refused until {}", allowed, address,
                    counted.since().plus(WINDOW));
        }
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
