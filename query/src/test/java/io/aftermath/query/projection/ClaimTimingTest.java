package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.QueryProperties.Processors;
import io.aftermath.query.support.Defaults;
import io.aftermath.shared.infrastructure.AftermathProperties.Ledger;

class ClaimTimingTest {

    /** Before: accepted, and another node could take a segment from its live owner between renewals. */
    @Test
    void a_claim_timeout_no_longer_than_the_claim_extension_is_refused() {
        Processors tuning = new Processors(200, Duration.ofSeconds(2), Duration.ofMillis(25));

        assertThatThrownBy(() -> ProcessorConfiguration.refuseClaimsThatLapse(tuning,
                new Ledger(false, Duration.ofMillis(100), Duration.ofSeconds(2), 10_000)))
                .hasMessage("aftermath.query.processors.claim-extension=2s is not shorter than "
                        + "aftermath.ledger.claim-timeout=2s: a processor's claim would lapse before it renews it; "
                        + "keep claim-extension well below claim-timeout");
        assertThatCode(() -> ProcessorConfiguration.refuseClaimsThatLapse(tuning,
                new Ledger(false, Duration.ofMillis(100), Duration.ofSeconds(10), 10_000))).doesNotThrowAnyException();
    }

    /** A node that does not run a projection sees it move once per claim extension when none of its events come. */
    @Test
    void a_stale_after_no_longer_than_the_claim_extension_is_refused() {
        QueryProperties defaults = Defaults.properties();

        assertThatThrownBy(() -> ProcessorConfiguration.refuseStaleBeforeRenewal(withStaleAfter(defaults,
                defaults.processors().claimExtension())))
                .hasMessage("aftermath.query.stale-after=1s is not longer than "
                        + "aftermath.query.processors.claim-extension=1s: reads of a projection another node runs would "
                        + "say stale while it is current; keep stale-after well above claim-extension");
        assertThatCode(() -> ProcessorConfiguration.refuseStaleBeforeRenewal(defaults)).doesNotThrowAnyException();
    }

    private static QueryProperties withStaleAfter(QueryProperties q, Duration staleAfter) {
        return new QueryProperties(q.sla(), q.triage(), q.stream(), q.readYourWrites(), q.live(), q.processors(),
                q.search(), q.storeReads(), q.rebuild(), staleAfter);
    }
}
