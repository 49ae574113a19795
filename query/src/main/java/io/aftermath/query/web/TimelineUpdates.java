package io.aftermath.query.web;

import java.util.Locale;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.shared.error.InvalidParameter;

/** A timeline stream's {@code updates}: {@code whole} (the default) or {@code delta}, in any case. */
final class TimelineUpdates {

    static final String NAME = "updates";

    private TimelineUpdates() {
    }

    /** Whether the subscriber takes deltas. */
    static boolean deltas(String value) {
        String given = QueryValue.of(value);
        if (given == null) {
            return false;
        }
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "whole" -> false;
            case "delta" -> true;
            default -> throw new InvalidParameter(NAME, "must be whole or delta");
        };
    }
}
