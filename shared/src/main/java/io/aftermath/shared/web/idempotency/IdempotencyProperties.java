package io.aftermath.shared.web.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.aftermath.shared.node.SettingRange;

/**
 * {@code aftermath.idempotency.*}.
 *
 * @param ttl   how long a key and its stored response are remembered
 * @param waitFor how long a duplicate waits for the first request to finish before answering 409
 * @param lease after this long an unfinished claim (its node died mid-request) may be taken over
 * @param sweepInterval how often a node deletes expired keys; zero never (the embedded server ignores
 *                      TTL indexes, so there nothing else does)
 */
@ConfigurationProperties("aftermath.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl,
                                    @DefaultValue("5s") Duration waitFor,
                                    @DefaultValue("2m") Duration lease,
                                    @DefaultValue("1h") Duration sweepInterval) {

    /** A lease of zero would let every duplicate take over the first request's claim and run it again. */
    public IdempotencyProperties {
        SettingRange.positive("aftermath.idempotency.ttl", ttl);
        SettingRange.atLeast("aftermath.idempotency.wait-for", waitFor, Duration.ZERO);
        SettingRange.positive("aftermath.idempotency.lease", lease);
        SettingRange.atLeast("aftermath.idempotency.sweep-interval", sweepInterval, Duration.ZERO);
    }
}
