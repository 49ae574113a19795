package io.aftermath.shared.web.problem;

import java.util.regex.Pattern;

/**
 * Jackson's messages with its own classes and settings taken out: "(1000, from
 * `StreamReadConstraints.getMaxNestingDepth()`)" says nothing to the person who sent the JSON, and a refusal
 * names what a value must be, never a Java type.
 */
public final class JacksonMessages {

    private static final Pattern JAVA_NAMES = Pattern.compile(
            ",? from `[^`]*`| \\(bound as `[^`]*`\\)|:? not allowed as per `[^`]*`");

    private JacksonMessages() {
    }

    public static String plain(String message) {
        return message == null ? "" : JAVA_NAMES.matcher(message).replaceAll("").strip();
    }
}
