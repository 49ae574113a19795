package io.aftermath.shared.postmortem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown reduced to the text a reader sees. Imported post-mortems are Markdown: the search index
 * reads their summary and body through {@link #plain}, so URLs and {@code #}, {@code **}, {@code ](}
 * reach neither the index nor its snippets; the link-list import reads an entry's company and
 * summary through {@link #inline}. One class for both, so the two sides follow the same rules.
 * Not a full CommonMark parser (none is on the classpath): a line scan for the blocks (headings,
 * lists, quotes, fences, tables, rules), then regular expressions for the inline syntax. Links and
 * images become their text, autolinks their address; inline HTML tags ({@code <b>}) are dropped and
 * the others ({@code <br>}, {@code <div>}) become a space; code keeps its content without the
 * backticks or fences; backslash escapes give the character; underscores inside a word stay.
 * Paragraph lines are joined with a space, each other block is a line of its own, whitespace runs
 * become one space.
 */
public final class MarkdownText {

    private static final Pattern LINE = Pattern.compile("\\R");
    private static final Pattern QUOTE = Pattern.compile("^(?:>\\s*)+");
    private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})(.*)$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}(?:\\s+|$)");
    private static final Pattern CLOSING_HASHES = Pattern.compile("(?:^|\\s+)#+$");
    private static final Pattern RULE = Pattern.compile("^(?:(?:-\\s*)+|(?:\\*\\s*)+|(?:_\\s*)+|(?:=\\s*)+)$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\|?\\s*:?-+:?\\s*(?:\\|\\s*:?-+:?\\s*)+\\|?$");
    private static final Pattern BULLET = Pattern.compile("^[-*+]\\s+(?:\\[[ xX]]\\s+)?");
    private static final Pattern ORDERED = Pattern.compile("^\\d{1,9}[.)]\\s");
    private static final Pattern FOOTNOTE_DEFINITION = Pattern.compile("^\\[\\^[^]]+]:\\s*");
    private static final Pattern LINK_DEFINITION = Pattern.compile(
            "^\\[[^]]+]:\\s*(?:<[^>]*>|\\S+)(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^)]*\\)))?$");

    private static final String DESTINATION =
            "\\(\\s*(?:<[^<>]*>|(?:[^()\\s]|\\([^()\\s]*\\))*)(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^()]*\\)))?\\s*\\)";
    private static final Pattern AUTOLINK = Pattern.compile(
            "<((?:https?|ftp|mailto):[^\\s<>]*|[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+)>");
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\[\\]]*)]" + DESTINATION);
    private static final Pattern LINK = Pattern.compile(
            "\\[((?:[^\\[\\]]|\\[[^\\[\\]]*])*)](?:" + DESTINATION + "|\\[[^\\[\\]]*])");
    private static final Pattern FOOTNOTE = Pattern.compile("\\[\\^[^\\]\\s]+]");
    private static final Pattern TAG = Pattern.compile("</?([A-Za-z][A-Za-z0-9-]*)(?:\\s[^<>]*)?/?>");
    private static final Pattern INLINE_TAG = Pattern.compile(
            "(?i)a|abbr|b|code|del|em|i|ins|kbd|mark|s|samp|small|span|strike|strong|sub|sup|tt|u|var");
    private static final List<Pattern> EMPHASIS = List.of(
            Pattern.compile("(\\*{1,3})(?=[^\\s*])(.+?)(?<=[^\\s*])\\1"),
            Pattern.compile("(?<![\\p{L}\\p{N}_])(_{1,3})(?=[^\\s_])(.+?)(?<=[^\\s_])\\1(?![\\p{L}\\p{N}_])"),
            Pattern.compile("(~~)(?=\\S)(.+?)(?<=\\S)~~"));
    private static final Pattern ENTITY = Pattern.compile(
            "&(?:#(\\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp));");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern KEPT = Pattern.compile("\uE000(\\d+)\uE001");
    private static final Pattern SPACES = Pattern.compile("[\\s\\h]+");

    private MarkdownText() {
    }

    /** The readable text of a Markdown document, one line per block; null stays null. */
    public static String plain(String markdown) {
        if (markdown == null) {
            return null;
        }
        Lines out = new Lines();
        String fence = null;
        boolean inComment = false;
        for (String raw : LINE.split(withoutMarks(markdown), -1)) {
            String line = raw.strip();
            if (fence != null) {
                if (closes(line, fence)) {
                    fence = null;
                } else {
                    out.code(line);
                }
                continue;
            }
            if (inComment) {
                int end = line.indexOf("-->");
                if (end < 0) {
                    continue;
                }
                line = line.substring(end + 3);
                inComment = false;
            }
            for (int start = line.indexOf("<!--"); start >= 0; start = line.indexOf("<!--")) {
                int end = line.indexOf("-->", start + 4);
                if (end < 0) {
                    line = line.substring(0, start);
                    inComment = true;
                } else {
                    line = line.substring(0, start) + " " + line.substring(end + 3);
                }
            }
            Matcher quote = QUOTE.matcher(line.strip());
            boolean quoted = quote.lookingAt();
            line = quote.replaceFirst("");
            Matcher opening = FENCE.matcher(line);
            if (opening.matches() && !(opening.group(1).startsWith("`") && opening.group(2).contains("`"))) {
                fence = opening.group(1);
                out.end();
            } else if (line.isBlank() || RULE.matcher(line).matches() || TABLE_SEPARATOR.matcher(line).matches()
                    || LINK_DEFINITION.matcher(line).matches()) {
                out.end();
            } else if (HEADING.matcher(line).lookingAt()) {
                String heading = CLOSING_HASHES.matcher(HEADING.matcher(line).replaceFirst("")).replaceFirst("");
                out.single(heading, false);
            } else if (line.startsWith("|")) {
                out.single(line, true);
            } else if (BULLET.matcher(line).lookingAt() || ORDERED.matcher(line).lookingAt()
                    || FOOTNOTE_DEFINITION.matcher(line).lookingAt()) {
                out.start(FOOTNOTE_DEFINITION.matcher(BULLET.matcher(line).replaceFirst("")).replaceFirst(""));
            } else if (quoted && !out.quoted) {
                out.start(line);
            } else {
                out.paragraph(line);
            }
            out.quoted = quoted;
        }
        out.end();
        return String.join("\n", out.lines);
    }

    /**
     * The readable text of a span already cut out of its block (a heading's text, a link's text, a
     * paragraph's lines joined), on one line: only the inline rules apply, so a span that starts with
     * {@code #}, {@code -} or {@code 1.} keeps it. Null stays null.
     */
    public static String inline(String markdown) {
        if (markdown == null) {
            return null;
        }
        return inline(COMMENT.matcher(withoutMarks(markdown)).replaceAll(" "), false);
    }

    /** The private-use characters mark kept text below; they have no meaning in a post-mortem. */
    private static String withoutMarks(String markdown) {
        return markdown.replace("\uE000", "").replace("\uE001", "");
    }

    /** The lines of the result; a paragraph or list item is gathered first, so emphasis may span lines. */
    private static final class Lines {
        final List<String> lines = new ArrayList<>();
        /** Whether the last line was in a block quote: a quote after a paragraph starts a block. */
        boolean quoted;
        private StringBuilder open;

        void paragraph(String line) {
            if (open == null) {
                open = new StringBuilder(withoutHardBreak(line));
            } else {
                open.append(' ').append(withoutHardBreak(line));
            }
        }

        void start(String line) {
            end();
            paragraph(line);
        }

        /** A backslash ending a line is a line break, unless it is itself escaped. */
        private static String withoutHardBreak(String line) {
            int backslashes = 0;
            while (backslashes < line.length() && line.charAt(line.length() - 1 - backslashes) == '\\') {
                backslashes++;
            }
            return backslashes % 2 == 1 ? line.substring(0, line.length() - 1) : line;
        }

        void single(String line, boolean tableRow) {
            end();
            add(inline(line, tableRow));
        }

        void code(String line) {
            end();
            add(collapse(line));
        }

        void end() {
            if (open != null) {
                add(inline(open.toString(), false));
                open = null;
            }
        }

        private void add(String text) {
            if (!text.isEmpty()) {
                lines.add(text);
            }
        }
    }

    private static boolean closes(String line, String fence) {
        return line.length() >= fence.length() && line.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String inline(String text, boolean tableRow) {
        List<String> kept = new ArrayList<>();
        String result = protect(text, kept);
        if (tableRow) {
            result = result.replace('|', ' ');
        }
        result = replace(AUTOLINK, result, m -> keep(m.group(1), kept));
        for (String before = null; !result.equals(before); ) {
            before = result;
            result = replace(IMAGE, result, m -> m.group(1));
            result = replace(LINK, result, m -> m.group(1));
        }
        result = replace(FOOTNOTE, result, m -> "");
        result = replace(TAG, result, m -> INLINE_TAG.matcher(m.group(1)).matches() ? "" : " ");
        for (String before = null; !result.equals(before); ) {
            before = result;
            for (Pattern emphasis : EMPHASIS) {
                result = replace(emphasis, result, m -> m.group(2));
            }
        }
        result = replace(ENTITY, result, MarkdownText::character);
        result = replace(KEPT, result, m -> kept.get(Integer.parseInt(m.group(1))));
        return collapse(result);
    }

    /**
     * Takes code spans and backslash-escaped characters out of reach of the other rules, scanning
     * left to right as CommonMark does (a backslash inside a code span is literal).
     */
    private static String protect(String text, List<String> kept) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && isAsciiPunctuation(text.charAt(i + 1))) {
                out.append(keep(String.valueOf(text.charAt(i + 1)), kept));
                i += 2;
            } else if (c == '`') {
                int run = run(text, i);
                int close = closingRun(text, i + run, run);
                if (close < 0) {
                    out.append(text, i, i + run);
                    i += run;
                } else {
                    String code = text.substring(i + run, close);
                    boolean padded = code.length() > 1 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank();
                    out.append(keep(padded ? code.substring(1, code.length() - 1) : code, kept));
                    i = close + run;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int run(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) == '`') {
            end++;
        }
        return end - from;
    }

    /** Where the next backtick run of exactly {@code length} starts, or -1. */
    private static int closingRun(String text, int from, int length) {
        for (int i = text.indexOf('`', from); i >= 0; i = text.indexOf('`', i)) {
            int run = run(text, i);
            if (run == length) {
                return i;
            }
            i += run;
        }
        return -1;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    private static String keep(String text, List<String> kept) {
        kept.add(text);
        return "\uE000" + (kept.size() - 1) + "\uE001";
    }

    private static String character(MatchResult entity) {
        if (entity.group(3) != null) {
            return switch (entity.group(3)) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> " ";
            };
        }
        int code = entity.group(1) != null ? Integer.parseInt(entity.group(1)) : Integer.parseInt(entity.group(2), 16);
        boolean valid = code > 0 && Character.isValidCodePoint(code) && (code < 0xD800 || code > 0xDFFF);
        return valid ? Character.toString(code) : "\uFFFD";
    }

    private static String collapse(String text) {
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> with) {
        return pattern.matcher(text).replaceAll(match -> Matcher.quoteReplacement(with.apply(match)));
    }
}
