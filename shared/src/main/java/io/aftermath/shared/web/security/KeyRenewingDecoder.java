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
 * keys older than the maximum age are renewed: a new decoder, with nothing cached, checks the next
 * tokens against the issuer's current keys and takes over once it has checked one. While the issuer
 * cannot be reached, the old keys go on checking tokens, so an outage at renewal time does not lock
 * every user out; a withdrawn key is then trusted until the issuer answers again.
 */
final class KeyRenewingDecoder implements ReactiveJwtDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRenewingDecoder.class);

    private final Supplier<ReactiveJwtDecoder> fresh;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicReference<Keys> trusted;
    private final AtomicReference<Keys> renewal = new AtomicReference<>();

    KeyRenewingDecoder(Supplier<ReactiveJwtDecoder> fresh, Duration maxAge, Clock clock) {
        this.fresh = fresh;
        this.maxAge = maxAge;
        this.clock = clock;
        this.trusted = new AtomicReference<>(new Keys(fresh.get(), clock.instant()));
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Keys current = trusted.get();
        if (clock.instant().isBefore(current.since.plus(maxAge))) {
            return current.decoder.decode(token);
        }
        Keys renewed = renewal.updateAndGet(pending -> pending != null ? pending : new Keys(fresh.get(), clock.instant()));
        return renewed.decoder.decode(token)
                .doOnNext(checked -> takeOver(current, renewed))
                .onErrorResume(IssuerOutageDecoder::outOfReach, outage -> {
                    if (renewed.outageLogged.compareAndSet(false, true)) {
                        LOG.warn("Could not renew the identity provider's keys, in use since {}: {}; tokens are checked "
                                + "with them until it answers", current.since, outage.toString());
                    }
                    return current.decoder.decode(token);
                });
    }

    private void takeOver(Keys current, Keys renewed) {
        if (trusted.compareAndSet(current, new Keys(renewed.decoder, clock.instant()))) {
            renewal.compareAndSet(renewed, null);
        }
    }

    private static final class Keys {

        final ReactiveJwtDecoder decoder;
        final Instant since;
        final AtomicBoolean outageLogged = new AtomicBoolean();

        Keys(ReactiveJwtDecoder decoder, Instant since) {
            this.decoder = decoder;
            this.since = since;
        }
    }
}
