package io.aftermath.query.support;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import io.aftermath.query.QueryProperties;

/** The read side's settings as they are when nothing is configured. */
public final class Defaults {

    private Defaults() {
    }

    public static QueryProperties properties() {
        return new QueryProperties(new QueryProperties.Sla(null, null, null), new QueryProperties.Triage(50, 1000),
                new QueryProperties.Stream(Duration.ofSeconds(15), 256, DataSize.ofMegabytes(16), Duration.ofHours(1)),
                new QueryProperties.ReadYourWrites(Duration.ofSeconds(5)), new QueryProperties.Live(Duration.ofMillis(10)),
                new QueryProperties.Processors(200, Duration.ofSeconds(1), Duration.ofMillis(25)), new QueryProperties.Search(null, Duration.ofMillis(25), Duration.ofSeconds(1)),
                new QueryProperties.StoreReads(20, 1000), new QueryProperties.Rebuild(1), Duration.ofSeconds(3));
    }
}
