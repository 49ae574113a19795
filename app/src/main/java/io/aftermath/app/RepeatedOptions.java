package io.aftermath.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a command-line option given more than once. Spring joins the values with a comma into one
 * that nobody meant ({@code --aftermath.data-dir=/a --aftermath.data-dir=/b} would open a directory named
 * {@code /a,/b}), or, for the same key spelled two ways ({@code data-dir}, {@code dataDir}, {@code data_dir},
 * in any case), keeps one and drops the other unseen. The values are not repeated in the refusal, since some
 * options carry secrets.
 */
final class RepeatedOptions {

    private RepeatedOptions() {
    }

    static Optional<String> refusal(String[] args) {
        Map<String, List<String>> spellings = new LinkedHashMap<>();
        Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.length() > 2).map(RepeatedOptions::name)
                .forEach(name -> spellings.computeIfAbsent(key(name), key -> new ArrayList<>()).add(name));
        return spellings.values().stream().filter(names -> names.size() > 1).findFirst().map(names -> {
            List<String> distinct = names.stream().distinct().map(name -> "--" + name).toList();
            return distinct.get(0) + " is given " + names.size() + " times"
                    + (distinct.size() > 1 ? " (as " + String.join(", ", distinct) + ")" : "") + "; give it once";
        });
    }

    private static String name(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option.substring(2) : option.substring(2, equals);
    }

    /** The key as Spring's relaxed binding reads it: case, dashes and underscores make no difference. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
