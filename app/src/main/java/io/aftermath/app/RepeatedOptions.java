package io.aftermath.app;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Refuses a command-line option given more than once. Spring joins the values with a comma into one
 * that nobody meant: {@code --aftermath.data-dir=/a --aftermath.data-dir=/b} would open a directory named
 * {@code /a,/b}. The values are not repeated in the refusal, since some options carry secrets.
 */
final class RepeatedOptions {

    private RepeatedOptions() {
    }

    static Optional<String> refusal(String[] args) {
        Map<String, Long> counts = Arrays.stream(args)
                .filter(arg -> arg.startsWith("--") && arg.length() > 2)
                .map(RepeatedOptions::name)
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().filter(count -> count.getValue() > 1).findFirst()
                .map(repeated -> "--" + repeated.getKey() + " is given " + repeated.getValue()
                        + " times; give it once");
    }

    private static String name(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option.substring(2) : option.substring(2, equals);
    }
}
