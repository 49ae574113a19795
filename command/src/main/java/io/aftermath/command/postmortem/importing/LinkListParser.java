package io.aftermath.command.postmortem.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aftermath.shared.postmortem.MarkdownText;

/**
 * A Markdown list of linked post-mortems, the shape of Dan Luu's collection: under {@code ## Category}
 * headings, paragraphs such as {@code [Company](https://…). What happened, with [links](…).} Each such
 * paragraph (an entry) is one post-mortem:
 * <ul>
 * <li>company: the link's text; url: its address; summary and body: the text after the {@code .},
 * reduced to plain text ({@link MarkdownText#inline}); title: "Company: first sentence";</li>
 * <li>categories: the nearest {@code ##} heading before it;</li>
 * <li>identity ({@code sourceId}): the url, so importing the list again skips every entry, and two
 * entries linking the same write-up are one post-mortem: the later one is a {@link ParsedEntry.Repeat}
 * and lends its heading to the first.</li>
 * </ul>
 * A paragraph is an entry only when the link comes first, is followed by a period, and the text after it
 * runs to at least {@value #MIN_SUMMARY_WORDS} words. A link without such a sentence names a resource,
 * not an incident ("[NASA lessons learned database](…)."), and so does one followed by anything but a
 * period ("[SRE Weekly](…) usually has…"). Extra links before the period ({@code [A](u), [see also](v).})
 * are kept in the body. A document is a list only with {@value #MIN_ENTRIES} entries or more: one or two
 * such paragraphs are more likely the opening of an ordinary write-up.
 */
final class LinkListParser {

    static final int MIN_ENTRIES = 3;
    /**
     * The shortest real summaries run to six words ("A bad firewall config blocked
     * stackexchange/stackoverflow."); three still take a terse "Database deleted accidentally." and refuse
     * a label that only describes the link ("Slides here.", "Archived.").
     */
    static final int MIN_SUMMARY_WORDS = 3;

    private static final String DESTINATION = "https?://(?:[^\\s()]|\\([^\\s()]*\\))+";
    private static final String LINK = "\\[([^\\[\\]]+)\\]\\((" + DESTINATION + ")\\)";
    private static final String ANY_LINK = "\\[[^\\[\\]]+\\]\\(" + DESTINATION + "\\)";
    private static final Pattern ENTRY = Pattern.compile(
            LINK + "((?:\\s*,\\s*" + ANY_LINK + ")*)\\.\\s+(.+)", Pattern.DOTALL);
    private static final Pattern EXTRA_LINK = Pattern.compile(LINK);
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*");
    private static final Pattern INDENTED = Pattern.compile("^(?: {4}|\\t).*");

    private LinkListParser() {
    }

    /** The entries of {@code document}, or an empty list when it is not a list of linked post-mortems. */
    static List<ParsedEntry> parse(String name, String document) {
        List<Paragraph> paragraphs = paragraphs(document);
        List<Entry> entries = new ArrayList<>();
        for (Paragraph paragraph : paragraphs) {
            Entry entry = entry(name, paragraph);
            if (entry != null) {
                entries.add(entry);
            }
        }
        if (entries.size() < MIN_ENTRIES) {
            return List.of();
        }
        return assemble(entries, paragraphs.size() - entries.size());
    }

    private static List<ParsedEntry> assemble(List<Entry> entries, int leftOut) {
        Map<String, Entry> firstByUrl = new LinkedHashMap<>();
        Map<String, LinkedHashSet<String>> categories = new LinkedHashMap<>();
        for (Entry entry : entries) {
            firstByUrl.putIfAbsent(entry.url(), entry);
            LinkedHashSet<String> headings = categories.computeIfAbsent(entry.url(), url -> new LinkedHashSet<>());
            if (entry.heading() != null) {
                headings.add(entry.heading());
            }
        }
        List<ParsedEntry> parsed = new ArrayList<>();
        String announcement = "Read as a list of " + entries.size() + " linked post-mortems, each imported on its"
                + " own and titled \"Company: first sentence\"; " + leftOut + (leftOut == 1 ? " other paragraph was" : " other paragraphs were")
                + " left out";
        for (Entry entry : entries) {
            Entry first = firstByUrl.get(entry.url());
            if (first != entry) {
                parsed.add(new ParsedEntry.Repeat(entry.name(), first.name()));
                continue;
            }
            ParsedEntry draft = draft(entry, List.copyOf(categories.get(entry.url())));
            if (announcement != null && draft instanceof ParsedEntry.Valid valid) {
                List<String> warnings = new ArrayList<>(List.of(announcement));
                warnings.addAll(valid.warnings());
                draft = new ParsedEntry.Valid(valid.entry(), valid.postmortem(), warnings);
                announcement = null;
            }
            parsed.add(draft);
        }
        return parsed;
    }

    private static ParsedEntry draft(Entry entry, List<String> categories) {
        String title = Titles.ofFirstSentence(entry.company(), entry.summary());
        String shortened = Titles.shorten(title);
        String body = entry.summary() + (entry.alsoUrls().isEmpty() ? ""
                : "\n\nSee also: " + String.join(" ", entry.alsoUrls()));
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("title", shortened);
        texts.put("company", entry.company());
        texts.put("url", entry.url());
        texts.put("uuid", sourceId(entry.url()));
        texts.put("summary", entry.summary());
        ParsedEntry parsed = DraftAssembler.assemble(entry.name(), new GivenFields(texts, categories), body,
                entry.cleaner());
        if (parsed instanceof ParsedEntry.Valid valid && !shortened.equals(title)) {
            List<String> warnings = new ArrayList<>(valid.warnings());
            warnings.add("The title was shortened to " + ImportLimits.TITLE + " characters");
            return new ParsedEntry.Valid(valid.entry(), valid.postmortem(), warnings);
        }
        return parsed;
    }

    /** The url itself while it fits the id's limit; a longer one by its digest, which stays as unique. */
    private static String sourceId(String url) {
        return url.length() <= ImportLimits.SOURCE_ID ? url : "url-sha256:" + PostmortemIds.sha256(url);
    }

    private static Entry entry(String name, Paragraph paragraph) {
        if (paragraph.indented()) {
            return null;
        }
        // Cleaned before the summary is copied into title and body, so a character counts once.
        TextCleaner cleaner = new TextCleaner();
        Matcher entry = ENTRY.matcher(cleaner.clean(paragraph.text()));
        if (!entry.matches()) {
            return null;
        }
        String summary = MarkdownText.inline(entry.group(4));
        String company = MarkdownText.inline(entry.group(1));
        if (company.isEmpty() || summary.split(" ").length < MIN_SUMMARY_WORDS) {
            return null;
        }
        List<String> alsoUrls = new ArrayList<>();
        Matcher extra = EXTRA_LINK.matcher(entry.group(3));
        while (extra.find()) {
            alsoUrls.add(extra.group(2));
        }
        return new Entry(name + " line " + paragraph.line() + " (" + company + ")", company, entry.group(2),
                alsoUrls, summary, paragraph.heading(), cleaner);
    }

    /**
     * Blocks separated by blank lines, headings and code fences, each with its first line's number and
     * the {@code ##} heading above it; a {@code #} heading ends the current category. Fenced code is
     * skipped. Lines of a paragraph are joined by a space, as Markdown renders a soft line break.
     */
    private static List<Paragraph> paragraphs(String document) {
        List<Paragraph> paragraphs = new ArrayList<>();
        String heading = null;
        StringBuilder text = new StringBuilder();
        int start = 0;
        boolean indented = false;
        boolean fenced = false;
        List<String> lines = document.lines().toList();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            Matcher headingLine = HEADING.matcher(line);
            boolean fence = FENCE.matcher(line).matches();
            if (fenced || fence || line.isBlank() || headingLine.matches()) {
                if (!text.isEmpty()) {
                    paragraphs.add(new Paragraph(start, text.toString().strip(), heading, indented));
                    text.setLength(0);
                }
                if (fence) {
                    fenced = !fenced;
                } else if (!fenced && headingLine.matches()) {
                    int level = headingLine.group(1).length();
                    if (level <= 2) {
                        String title = MarkdownText.inline(headingLine.group(2));
                        heading = level == 2 && !title.isEmpty() ? title : null;
                    }
                }
                continue;
            }
            if (text.isEmpty()) {
                start = i + 1;
                indented = INDENTED.matcher(line).matches();
            }
            text.append(line.strip()).append(' ');
        }
        return paragraphs;
    }

    private record Paragraph(int line, String text, String heading, boolean indented) {
    }

    private record Entry(String name, String company, String url, List<String> alsoUrls, String summary,
                         String heading, TextCleaner cleaner) {
    }

    /** The fields of an entry, already read from its paragraph. */
    private record GivenFields(Map<String, String> texts, List<String> categories) implements Fields {

        @Override
        public String text(String... names) {
            for (String name : names) {
                if (texts.get(name) != null) {
                    return texts.get(name);
                }
            }
            return null;
        }

        @Override
        public List<String> list(String... names) {
            return List.of(names).contains("categories") ? categories : List.of();
        }

        @Override
        public List<String> problems() {
            return List.of();
        }
    }
}
