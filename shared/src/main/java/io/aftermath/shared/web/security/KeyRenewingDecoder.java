package io.aftermath.shared.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;

/**
 * Spring's reactive decoder keeps the keys it fetched until a token names one it does not know, so a
 * key the issuer withdraws (one that leaked, say) would be trusted for as long as the node runs. Here
 * keys older than the maximum age are renewed: a token they accept also goes, in the background, to a
 * new decoder with nothing cached, which fetches the issuer's current keys; once it has judged a token
 * either way, it takes over, so a token only the old keys vouched for is refused from then on. The
 * token that started the renewal is answered by the old keys meanwhile, so under traffic no request
 * waits on the issuer. On a node that tried no renewal for the maximum age and the fetch interval besides (one
 * that got no token for that long) the keys no longer answer a token first: it waits for the renewal, else a
 * leaked key would open one more request on a quiet node however long after it was withdrawn (tester 152: 60 s
 * after, with a bound of 30 s). A node under traffic keeps trying in the background instead, so while the issuer
 * hangs its requests do not wait on it (tester 153). While the issuer cannot be reached, the old keys go on checking tokens, so an outage at
 * renewal time does not lock every user out; a withdrawn key is then trusted until the issuer answers again.
 */
final class KeyRenewingDecoder implements ReactiveJwtDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRenewingDecoder.class);

    private final Supplier<ReactiveJwtDecoder> fresh;
    private final Duration maxAge;
    private final Duration waitAfter;
    private final Clock clock;
    private final AtomicReference<Keys> trusted;
    private final AtomicBoolean renewing = new AtomicBoolean();
    /** When the keys in use were fetched or a renewal of them was last begun. */
    private final AtomicReference<Instant> lastTry;
    private final AtomicBoolean outageLogged = new AtomicBoolean();

    /** @param fetchInterval how old keys fetched may already be when fetched ({@link IssuerFetches}) */
    KeyRenewingDecoder(Supplier<ReactiveJwtDecoder> fresh, Duration maxAge, Duration fetchInterval, Clock clock) {
        this.fresh = fresh;
        this.maxAge = maxAge;
        this.waitAfter = maxAge.plus(fetchInterval);
        this.clock = clock;
        this.trusted = new AtomicReference<>(new Keys(fresh.get(), clock.instant()));
        this.lastTry = new AtomicReference<>(trusted.get().since());
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Keys current = trusted.get();
        Instant now = clock.instant();
        if (now.isBefore(current.since().plus(maxAge))) {
            return current.decoder().decode(token);
        }
        if (now.isBefore(lastTry.get().plus(waitAfter)) || renewing.get()) {
            return current.decoder().decode(token).doOnNext(accepted -> renew(current, token));
        }
        return renewedFirst(current, token);
    }

    /** The issuer's current keys judge the token; the old ones only if the issuer cannot be reached. */
    private Mono<Jwt> renewedFirst(Keys current, String token) {
        lastTry.set(clock.instant());
        ReactiveJwtDecoder renewed = fresh.get();
        return renewed.decode(token)
                .doOnNext(accepted -> takeOver(current, renewed))
                .onErrorResume(failure -> {
                    if (!IssuerOutageDecoder.outOfReach(failure)) {
                        takeOver(current, renewed);
                        return Mono.error(failure);
                    }
                    outOfReach(current, failure);
                    return current.decoder().decode(token);
                });
    }

    private void renew(Keys current, String token) {
        if (!renewing.compareAndSet(false, true)) {
            return;
        }
        lastTry.set(clock.instant());
        ReactiveJwtDecoder renewed = fresh.get();
        renewed.decode(token).doFinally(signal -> renewing.set(false)).subscribe(
                accepted -> takeOver(current, renewed),
                failure -> {
                    if (!IssuerOutageDecoder.outOfReach(failure)) {
                        takeOver(current, renewed);
                    } else {
                        outOfReach(current, failure);
                    }
                });
    }

    private void outOfReach(Keys current, Throwable failure) {
        if (outageLogged.compareAndSet(false, true)) {
            LOG.warn("Could not renew the identity provider's keys, in use since {}: {}; tokens are checked with them "
                    + "until it answers", current.since(), IssuerOutageDecoder.rootCause(failure));
        }
    }

    private void takeOver(Keys current, ReactiveJwtDecoder renewed) {
        Keys taking = new Keys(renewed, clock.instant());
        if (trusted.compareAndSet(current, taking)) {
            lastTry.set(taking.since());
            outageLogged.set(false);
        }
    }

    private record Keys(ReactiveJwtDecoder decoder, Instant since) {
    }
}
