package io.aftermath.shared.web.security;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
 * health time out. An address's checks run one at a time, the others waiting their turn, so guesses sent
 * all at once are counted before more are checked. {@link VerifiedCredentials} answers remembered
 * successes before this, so someone already signed in from that address is not locked out by another's
 * guessing.
 */
final class FailedLoginBrake implements ReactiveAuthenticationManager {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** How long a check waits for its address's turn before it is refused instead. */
    static final Duration MOST_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Logger LOG = LoggerFactory.getLogger(FailedLoginBrake.class);
    private static final int MAX_ADDRESSES = 10_000;

    private final ReactiveAuthenticationManager passwordCheck;
    private final int allowed;
    private final Clock clock;
    private final Map<String, Attempts> byAddress = new ConcurrentHashMap<>();

    FailedLoginBrake(ReactiveAuthenticationManager passwordCheck, int allowed, Clock clock) {
        this.passwordCheck = passwordCheck;
        this.allowed = allowed;
        this.clock = clock;
    }

    /** An address's wrong passwords since {@code since}, and whether one of its checks is running. */
    private record Attempts(Instant since, int failures, boolean checking) {

        boolean over(Instant now) {
            return !now.isBefore(since.plus(WINDOW));
        }
    }

    private enum Turn { CHECK, WAIT, REFUSE }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        if (allowed == 0) {
            return passwordCheck.authenticate(attempt);
        }
        return Mono.deferContextual(context -> {
            ServerWebExchange exchange = context.getOrDefault(ServerWebExchange.class, null);
            String address = exchange == null ? "unknown" : address(exchange);
            return inTurn(attempt, address, exchange, clock.instant().plus(MOST_WAIT));
        });
    }

    private Mono<Authentication> inTurn(Authentication attempt, String address, ServerWebExchange exchange,
                                        Instant giveUpAt) {
        Instant now = clock.instant();
        AtomicReference<Turn> turn = new AtomicReference<>();
        Attempts attempts = byAddress.compute(address, (key, known) -> {
            Attempts current = known == null || (known.over(now) && !known.checking())
                    ? new Attempts(now, 0, false) : known;
            if (current.failures() >= allowed && !current.over(now)) {
                turn.set(Turn.REFUSE);
                return current;
            }
            turn.set(current.checking() ? Turn.WAIT : Turn.CHECK);
            return current.checking() ? current : new Attempts(current.since(), current.failures(), true);
        });
        return switch (turn.get()) {
            case REFUSE -> refuse(exchange, ErrorCode.TOO_MANY_LOGIN_FAILURES, attempts.since().plus(WINDOW), now, allowed
                    + " wrong passwords came from this address within a minute; logins from it are refused until "
                    + attempts.since().plus(WINDOW));
            // Its password may well be right: refused as busy, to come back in a second, not as a guess.
            case WAIT -> now.isAfter(giveUpAt) ? refuse(exchange, ErrorCode.TOO_MANY_CONCURRENT_LOGINS,
                    now.plusSeconds(1), now,
                    "Logins from this address are checked one at a time, and this one waited its turn too long")
                    : Mono.delay(POLL).then(Mono.defer(() -> inTurn(attempt, address, exchange, giveUpAt)));
            case CHECK -> {
                AtomicBoolean wrong = new AtomicBoolean();
                yield passwordCheck.authenticate(attempt)
                        .doOnError(BadCredentialsException.class, refused -> wrong.set(true))
                        .doFinally(signal -> finished(address, wrong.get()));
            }
        };
    }

    private static Mono<Authentication> refuse(ServerWebExchange exchange, ErrorCode code, Instant until, Instant now,
                                               String why) {
        if (exchange != null) {
            long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        }
        return Mono.error(new DomainRejection(code, why));
    }

    /** Ends the address's running check; a wrong password counts. */
    private void finished(String address, boolean wrong) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(attempts -> attempts.over(now) && !attempts.checking());
        }
        Attempts after = byAddress.computeIfPresent(address, (key, attempts) -> {
            // The minute starts at the first wrong password, not at a right one before it (tester 60: a login 35 s
            // earlier left its address 25 s of refusal after ten wrong ones).
            boolean first = wrong && (attempts.failures() == 0 || attempts.over(now));
            Attempts current = first ? new Attempts(now, 0, false) : attempts;
            return new Attempts(current.since(), current.failures() + (wrong ? 1 : 0), false);
        });
        if (wrong && after != null && after.failures() == allowed) {
            LOG.warn("{} wrong passwords from {} within a minute: its logins are refused until {}", allowed, address,
                    after.since().plus(WINDOW));
        }
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
