package io.aftermath.shared.ledger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A payload whose serialization takes a while, standing in for a commit that is slow to prepare: the
 * writers behind it must neither wait for it nor leave a hole it would later fill.
 */
public record SlowlySerialized(@JsonProperty("text") String text) {

    @Override
    @JsonProperty("text")
    public String text() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        return text;
    }
}
