package io.aftermath.command.postmortem.importing;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sentence ends in plain text, for the titles the link-list import derives from a summary. */
final class Sentences {

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=[\"”’')]?\\s+[\"“‘'(]?\\p{Lu})");
    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "vs", "etc", "approx", "mr", "mrs",
            "ms", "dr", "st", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec");

    private Sentences() {
    }

    /**
     * The text up to the end of its first sentence: a {@code .}, {@code !} or {@code ?} before a capital
     * letter, unless the word before it is a single letter ("U.S.") or a common abbreviation.
     */
    static String first(String text) {
        Matcher end = SENTENCE_END.matcher(text);
        while (end.find()) {
            String before = text.substring(0, end.start());
            String word = before.substring(before.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
            boolean initials = word.matches("(?:\\p{L}\\.)*\\p{L}");
            if (!initials && !ABBREVIATIONS.contains(word)) {
                return text.substring(0, end.end());
            }
        }
        return text;
    }
}
