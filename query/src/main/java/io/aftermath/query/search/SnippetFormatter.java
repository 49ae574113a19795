package io.aftermath.query.search;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;

/**
 * Snippets are HTML: the matched terms in {@code <b>…</b>}, everything else escaped, so a
 * {@code <b>} written in a post-mortem or a lesson arrives as {@code &lt;b&gt;} and can never be
 * taken for a highlight (nor run as markup in a dashboard). Lucene's own escaping also turns
 * {@code /} into {@code &#x2F;}, which only makes URLs and paths harder to read; the five
 * characters below are the ones HTML text and attribute values need.
 * <p>
 * Text is cut at a length (the summary's start, the highlighter's 20,000 characters), which may fall
 * inside a surrogate pair: half an emoji is dropped rather than sent.
 * <p>
 * A passage is a sentence, and some run for thousands of characters (a lesson written as one sentence,
 * a post-mortem's table flattened to text): one longer than {@value #LONGEST} characters is cut to that
 * many around its first match, at spaces, marked with … where it was cut.
 */
final class SnippetFormatter extends PassageFormatter {

    static final String OPEN = "<b>";
    static final String CLOSE = "</b>";
    static final int LONGEST = 300;
    /** How much of a cut passage comes before its first match, so the match is read in its context. */
    private static final int LEAD = 100;
    private static final String CUT = "…";

    @Override
    public String format(Passage[] passages, String content) {
        StringBuilder snippet = new StringBuilder();
        for (Passage passage : passages) {
            if (!snippet.isEmpty()) {
                snippet.append("... ");
            }
            format(snippet, passage, content);
        }
        return snippet.toString();
    }

    private static void format(StringBuilder snippet, Passage passage, String content) {
        int start = passage.getStartOffset();
        int end = passage.getEndOffset();
        int firstMatch = passage.getNumMatches() == 0 ? start : passage.getMatchStarts()[0];
        if (end - start > LONGEST) {
            int from = start;
            start = Math.max(from, wordStart(content, Math.max(from, firstMatch - LEAD), firstMatch));
            end = Math.min(end, wordEnd(content, start + LONGEST, start));
            if (end == passage.getEndOffset()) {
                // A match near the passage's end: the window takes more of what comes before it instead.
                start = Math.max(from, wordStart(content, Math.max(from, end - LONGEST), firstMatch));
            }
        }
        if (start > passage.getStartOffset()) {
            snippet.append(CUT);
        }
        int pos = start;
        for (int i = 0; i < passage.getNumMatches(); i++) {
            int matchStart = passage.getMatchStarts()[i];
            int matchEnd = passage.getMatchEnds()[i];
            // Overlapping terms are one highlight.
            while (i + 1 < passage.getNumMatches() && passage.getMatchStarts()[i + 1] < matchEnd) {
                matchEnd = Math.max(matchEnd, passage.getMatchEnds()[++i]);
            }
            if (matchStart >= end) {
                break;
            }
            matchEnd = Math.min(matchEnd, end);
            append(snippet, content, pos, matchStart);
            snippet.append(OPEN);
            append(snippet, content, matchStart, matchEnd);
            snippet.append(CLOSE);
            pos = matchEnd;
        }
        append(snippet, content, pos, Math.max(pos, end));
        if (end < passage.getEndOffset()) {
            snippet.append(CUT);
        }
    }

    /** Where the word holding {@code at} begins, so a cut never halves one; no later than {@code limit}. */
    private static int wordStart(String content, int at, int limit) {
        int start = at;
        while (start > 0 && start < limit && !Character.isWhitespace(content.charAt(start - 1))) {
            start++;
        }
        return Math.min(start, limit);
    }

    /** Where the word before {@code at} ends; no earlier than {@code floor}, however long the word. */
    private static int wordEnd(String content, int at, int floor) {
        if (at >= content.length()) {
            return content.length();
        }
        int end = at;
        while (end > floor && !Character.isWhitespace(content.charAt(end))) {
            end--;
        }
        return end > floor ? end : at;
    }

    private static void append(StringBuilder dest, String content, int start, int end) {
        escape(dest, content, start, end);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        escape(escaped, text, 0, text.length());
        return escaped.toString();
    }

    private static void escape(StringBuilder dest, String content, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = content.charAt(i);
            if (unpaired(content, i, start, end)) {
                continue;
            }
            switch (c) {
                case '&' -> dest.append("&amp;");
                case '<' -> dest.append("&lt;");
                case '>' -> dest.append("&gt;");
                case '"' -> dest.append("&quot;");
                case '\'' -> dest.append("&#39;");
                default -> dest.append(c);
            }
        }
    }

    /** Half of a surrogate pair whose other half is not in {@code [start, end)}, where the text was cut. */
    private static boolean unpaired(String content, int i, int start, int end) {
        char c = content.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == end || !Character.isLowSurrogate(content.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == start || !Character.isHighSurrogate(content.charAt(i - 1)));
    }
}
