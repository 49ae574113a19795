package io.aftermath.shared.text;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * References and labels are sets that clients send as lists: naming a ticket twice, or tagging
 * {@code payments} and {@code Payments}, says nothing more than once. The first spelling is kept, in
 * the order given.
 */
public final class Distinct {

    private Distinct() {
    }

    public static List<String> of(List<String> values) {
        return values == null ? List.of() : List.copyOf(new LinkedHashSet<>(values));
    }

    /** Tags compare trimmed and case-insensitively, as search filters them. */
    public static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        Map<String, String> first = new LinkedHashMap<>();
        for (String tag : tags) {
            String trimmed = tag.strip();
            first.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
        }
        return List.copyOf(first.values());
    }
}
