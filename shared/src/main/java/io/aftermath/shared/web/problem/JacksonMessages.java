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
    /** Where in the text, as Jackson says it: "[Source: REDACTED (`StreamReadFeature…` disabled); line: 1, column: 1]". */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; (line: \\d+, column: \\d+)]");

    private JacksonMessages() {
    }

    public static String plain(String message) {
        if (message == null) {
            return "";
        }
        return SOURCE.matcher(JAVA_NAMES.matcher(message).replaceAll("")).replaceAll("$1").strip();
    }
}
