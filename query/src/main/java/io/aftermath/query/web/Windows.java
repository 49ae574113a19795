package io.aftermath.query.web;

import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.query.Window;

/** A window of a list from a pair of query parameters: without them, the whole list. */
final class Windows {

    private Windows() {
    }

    static Window of(String offsetParameter, Integer offset, String limitParameter, Integer limit) {
        return new Window(atLeastZero(offsetParameter, offset, 0), atLeastZero(limitParameter, limit, Integer.MAX_VALUE));
    }

    private static int atLeastZero(String parameter, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw new InvalidParameter(parameter, "must be 0 or more");
        }
        return value;
    }
}
