package io.aftermath.command.postmortem.importing;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline Markdown reduced to the text a reader sees: links and images to their text, emphasis, code
 * spans and HTML tags to their content, backslash escapes to the character, whitespace runs to one
 * space. Inline only: block syntax (lists, headings) is the caller's to recognise.
 */
final class PlainText {

    /** A link destination: no spaces, parentheses only balanced, as in {@code wiki/Shellshock_(software_bug)}. */
    private static final String DESTINATION = "(?:[^\\s()]|\\([^\\s()]*\\))*";

    private static final Pattern ESCAPE = Pattern.compile("\\\\([!-/:-@\\[-`{-~])");
    private static final Pattern IMAGE_OR_LINK = Pattern.compile(
            "!?\\[([^\\[\\]]*)\\]\\(\\s*" + DESTINATION + "(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("\\[([^\\[\\]]+)\\]\\[[^\\[\\]]*\\]");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto):[^<>\\s]+)>");
    private static final Pattern CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__|~~)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern STAR = Pattern.compile("\\*(?=\\S)([^*]+?)(?<=\\S)\\*");
    /** Underscores only at word edges, so {@code snake_case_names} stay as written. */
    private static final Pattern UNDERSCORE = Pattern.compile(
            "(?<![\\p{L}\\p{N}_])_(?=\\S)([^_]+?)(?<=\\S)_(?![\\p{L}\\p{N}_])");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9]*(?:\\s[^<>]*)?/?>");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    /** Escaped characters wait in the private use area until the syntax around them is gone. */
    private static final char HIDDEN = '\uE000';

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=[\"”’')]?\\s+[\"“‘'(]?\\p{Lu})");
    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "vs", "etc", "approx", "mr", "mrs",
            "ms", "dr", "st", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec");

    private PlainText() {
    }

    static String of(String markdown) {
        String text = hideEscapes(markdown);
        text = IMAGE_OR_LINK.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        text = REFERENCE_LINK.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        text = AUTOLINK.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        StringBuilder plain = new StringBuilder();
        Matcher code = CODE.matcher(text);
        int from = 0;
        while (code.find()) {
            plain.append(unemphasise(text.substring(from, code.start()))).append(code.group(2).strip());
            from = code.end();
        }
        plain.append(unemphasise(text.substring(from)));
        return SPACE.matcher(revealEscapes(plain.toString())).replaceAll(" ").strip();
    }

    /**
     * The text up to the end of its first sentence: a {@code .}, {@code !} or {@code ?} before a capital
     * letter, unless the word before it is a single letter ("U.S.") or a common abbreviation.
     */
    static String firstSentence(String text) {
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

    private static String unemphasise(String text) {
        String previous;
        String current = text;
        do {
            previous = current;
            current = STRONG.matcher(current).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
            current = STAR.matcher(current).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
            current = UNDERSCORE.matcher(current).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        } while (!current.equals(previous));
        return TAG.matcher(current).replaceAll(" ");
    }

    private static String hideEscapes(String text) {
        return ESCAPE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                String.valueOf((char) (HIDDEN + match.group(1).charAt(0)))));
    }

    private static String revealEscapes(String text) {
        StringBuilder revealed = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            revealed.append(c >= HIDDEN && c < HIDDEN + 128 ? (char) (c - HIDDEN) : c);
        }
        return revealed.toString();
    }
}
