package io.aftermath.shared.release;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a user update was published. JSON uses the contract's words ("status page", "in-app", "email"). */
public enum Channel {
    STATUS_PAGE("status page"), IN_APP("in-app"), EMAIL("email");

    private final String label;

    Channel(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Accepts the label or the constant's name, so both the contract and Java-minded clients are understood. */
    @JsonCreator
    public static Channel of(String value) {
        return Arrays.stream(values())
                .filter(c -> c.label.equalsIgnoreCase(value) || c.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown channel: " + value));
    }
}
