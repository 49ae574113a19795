package io.aftermath.shared.web.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import reactor.core.publisher.Mono;

/**
 * Remembers HTTP Basic credentials that passed the password check, for a while. BCrypt is meant to be
 * slow (strength 10 costs ~90 ms of CPU here) and Basic sends the password with every request, so
 * without this a dashboard polling once a second keeps a core busy. Only successes are remembered,
 * so guessing still pays the full price per guess; entries are keyed by an HMAC under a key that
 * lives and dies with the process, so the cache never holds a password or a reusable hash of one.
 */
final class VerifiedCredentials implements ReactiveAuthenticationManager {

    private final ReactiveAuthenticationManager passwordCheck;
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;
    /**
     * Keyed once and cloned per request: a Mac is not thread-safe, and getInstance plus init (a provider
     * look-up and the key's pads) cost more than the HMAC itself on a path every request takes.
     */
    private final Mac keyed;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    VerifiedCredentials(ReactiveAuthenticationManager passwordCheck, Duration ttl, int capacity, Clock clock) {
        this.passwordCheck = passwordCheck;
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            this.keyed = Mac.getInstance("HmacSHA256");
            keyed.init(new SecretKeySpec(secret, "HmacSHA256"));
            // A provider whose Mac cannot be cloned fails the start, not every login.
            keyed.clone();
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("Java's own HmacSHA256 can be keyed and cloned", e);
        }
    }

    private record Remembered(Authentication authentication, Instant until) {
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        if (ttl.isZero() || !(attempt instanceof UsernamePasswordAuthenticationToken)
                || !(attempt.getCredentials() instanceof String password)) {
            return passwordCheck.authenticate(attempt);
        }
        String fingerprint = fingerprint(attempt.getName(), password);
        Instant now = clock.instant();
        Remembered known = remembered.get(fingerprint);
        if (known != null && now.isBefore(known.until())) {
            return Mono.just(known.authentication());
        }
        return passwordCheck.authenticate(attempt).doOnNext(authenticated -> remember(fingerprint, authenticated, now));
    }

    private void remember(String fingerprint, Authentication authenticated, Instant now) {
        if (remembered.size() >= capacity) {
            remembered.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (remembered.size() >= capacity) {
                remembered.clear();
            }
        }
        remembered.put(fingerprint, new Remembered(authenticated, now.plus(ttl)));
    }

    private String fingerprint(String username, String password) {
        try {
            Mac mac = (Mac) keyed.clone();
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("Cloned once already at start", e);
        }
    }
}
