package io.aftermath.query.search;

import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;

/**
 * Snippets are HTML: the matched terms in {@code <b>…</b>}, everything else escaped, so a
 * {@code <b>} written in a post-mortem or a lesson arrives as {@code &lt;b&gt;} and can never be
 * taken for a highlight (nor run as markup in a dashboard). Lucene's own escaping also turns
 * {@code /} into {@code &#x2F;}, which only makes URLs and paths harder to read; the five
 * characters below are the ones HTML text and attribute values need.
 * <p>
 * Text is cut at a length (the summary's start, the highlighter's 20,000 characters), which may fall
 * inside a surrogate pair: half an emoji is dropped rather than sent.
 */
final class SnippetFormatter extends DefaultPassageFormatter {

    static final String OPEN = "<b>";
    static final String CLOSE = "</b>";

    SnippetFormatter() {
        super(OPEN, CLOSE, "... ", true);
    }

    @Override
    protected void append(StringBuilder dest, String content, int start, int end) {
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
            if (unpaired(content, i)) {
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

    private static boolean unpaired(String content, int i) {
        char c = content.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == content.length() || !Character.isLowSurrogate(content.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(content.charAt(i - 1)));
    }
}
