package io.aftermath.query.web;

import java.util.Locale;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.shared.error.InvalidParameter;

/**
 * A true/false query parameter, read as the API describes it: {@code true} or {@code false} in any case. Spring
 * would also take yes, on and 1, which no description names and a typo could land on.
 */
public final class BooleanParameter {

    private BooleanParameter() {
    }

    /** Null when absent or blank: no choice made. */
    public static Boolean of(String name, String value) {
        String given = QueryValue.of(value);
        if (given == null) {
            return null;
        }
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameter(name, "must be true or false");
        };
    }

    public static boolean of(String name, String value, boolean absent) {
        Boolean given = of(name, value);
        return given == null ? absent : given;
    }
}
