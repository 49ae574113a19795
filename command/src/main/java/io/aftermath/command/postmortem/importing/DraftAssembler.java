package io.aftermath.command.postmortem.importing;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.postmortem.MarkdownText;
import io.aftermath.shared.text.PlainText;
import io.aftermath.shared.web.CalendarRange;

/**
 * Turns the fields of one entry into a {@link PostmortemDraft}, the same way for every format.
 * Lenient where a reader can guess safely, strict where a guess would mislead:
 * <ul>
 * <li>no title: the first Markdown heading of the body, else "{company}: {the body's first sentence}"
 * (of three words or more), else "{company} {product} incident", with a warning; nothing to build a
 * title from makes the entry invalid;</li>
 * <li>no body: the summary stands in, with a warning; neither makes the entry invalid;</li>
 * <li>a date that {@link ImportDates} cannot read or that lies outside {@link CalendarRange}, or a
 * field over {@link ImportLimits}, makes the entry invalid; every problem of the entry is reported at once;</li>
 * <li>control characters and unpaired surrogates are cleaned ({@link TextCleaner}), with a warning.</li>
 * </ul>
 */
final class DraftAssembler {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*");

    private DraftAssembler() {
    }

    /** {@code body} is the Markdown after the front matter; null when the body is one of the fields. */
    static ParsedEntry assemble(String entry, Fields fields, String body) {
        return assemble(entry, fields, body, new TextCleaner());
    }

    /** With the entry's {@code cleaner}, which may already have cleaned what the fields were read from. */
    static ParsedEntry assemble(String entry, Fields raw, String rawBody, TextCleaner cleaner) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Fields fields = cleaner.fields(raw);
        String body = cleaner.clean(rawBody);
        String sourceId = fields.text("uuid", "sourceId", "source_id");
        String company = fields.text("company");
        String product = fields.text("product");
        String summary = fields.text("summary");
        String url = fields.text("url");
        List<String> categories = items(fields.list("categories"), "categories", problems);
        List<String> keywords = items(fields.list("keywords"), "keywords", problems);
        Instant start = date(fields.text("start_time", "startTime"), "start_time", problems);
        Instant end = date(fields.text("end_time", "endTime"), "end_time", problems);
        if (start != null && end != null && end.isBefore(start)) {
            warnings.add("end_time is before start_time; both were kept as written");
        }
        String text = body == null ? fields.text("body") : PlainText.isBlank(body) ? null : body.strip();
        if (text == null && summary != null) {
            text = summary;
            warnings.add("No body: the summary stands in for it");
        }
        if (text == null) {
            problems.add("A post-mortem needs a body or a summary");
        }
        String title = fields.text("title");
        if (title == null) {
            title = fallbackTitle(text, company, product, warnings);
        }
        if (title == null) {
            problems.add("No title: give a title, a Markdown heading or at least the company");
        }
        limit(title, ImportLimits.TITLE, "title", problems);
        limit(text, ImportLimits.BODY, "body", problems);
        limit(summary, ImportLimits.SUMMARY, "summary", problems);
        limit(company, ImportLimits.NAME, "company", problems);
        limit(product, ImportLimits.NAME, "product", problems);
        limit(url, ImportLimits.URL, "url", problems);
        limit(sourceId, ImportLimits.SOURCE_ID, "uuid", problems);
        cleaner.warning().ifPresent(warnings::add);
        problems.addAll(0, fields.problems());
        if (!problems.isEmpty()) {
            return new ParsedEntry.Invalid(entry, ErrorCode.POSTMORTEM_INVALID, String.join("; ", problems));
        }
        return new ParsedEntry.Valid(entry, new PostmortemDraft(sourceId, title, company, product, categories,
                keywords, start, end, summary, text, url), warnings);
    }

    private static String fallbackTitle(String body, String company, String product, List<String> warnings) {
        String heading = firstHeading(body);
        if (heading != null) {
            warnings.add("No title: the first heading was used");
            return Titles.shorten(heading);
        }
        if (company != null) {
            String summarised = body == null ? null : Titles.ofSummary(company, MarkdownText.plain(body));
            String title = Titles.shorten(summarised != null ? summarised : Titles.ofNames(company, product));
            warnings.add("No title and no heading: named \"" + title + "\"");
            return title;
        }
        return null;
    }

    /** The first ATX heading ({@code # Title}) outside fenced code. */
    static String firstHeading(String markdown) {
        if (markdown == null) {
            return null;
        }
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches() && !heading.group(1).isBlank()) {
                return heading.group(1).strip();
            }
        }
        return null;
    }

    private static Instant date(String text, String field, List<String> problems) {
        Instant date;
        try {
            date = ImportDates.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(field + " \"" + abbreviate(text) + "\" is not a date: use ISO-8601 (2012-06-13T21:16:00Z),"
                    + " 2012-06-13 21:16:00 or 2012-06-13");
            return null;
        }
        // An offset can carry a date written in year 9999 into 10000: the API's range applies in UTC.
        if (date != null && !CalendarRange.contains(date)) {
            problems.add(field + " \"" + abbreviate(text) + "\" " + CalendarRange.RULE + " (in UTC)");
            return null;
        }
        return date;
    }

    private static List<String> items(List<String> values, String field, List<String> problems) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
        if (distinct.size() > ImportLimits.ITEMS) {
            problems.add(field + " holds " + distinct.size() + " items; at most " + ImportLimits.ITEMS);
        }
        distinct.stream().filter(item -> item.length() > ImportLimits.ITEM).findFirst().ifPresent(item -> problems.add(
                field + " \"" + abbreviate(item) + "\" is longer than " + ImportLimits.ITEM + " characters"));
        return distinct;
    }

    private static void limit(String value, int max, String field, List<String> problems) {
        if (value != null && value.length() > max) {
            problems.add(field + " has " + value.length() + " characters; at most " + max);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
