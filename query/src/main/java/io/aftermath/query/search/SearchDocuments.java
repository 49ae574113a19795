package io.aftermath.query.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;

import io.aftermath.query.projection.Docs;
import io.aftermath.shared.postmortem.MarkdownText;
import io.aftermath.shared.postmortem.PostmortemContent;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.postmortem.PostmortemRevised;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Severity;

/**
 * The Lucene documents of the search index. Text fields are analysed in English and stored with
 * offsets for snippets, and indexed again unstemmed for prefixes ({@code *_unstemmed}); the filter
 * fields ({@code *_f}) are exact, lower-cased keywords. Imported post-mortems' summary and body are
 * Markdown and go in as the text a reader sees ({@link MarkdownText}); lessons are plain text already
 * and go in as written.
 */
final class SearchDocuments {

    static final String ID = "id";
    static final String KIND = "kind";
    static final String LESSON = "lesson";
    static final String POSTMORTEM = "postmortem";
    static final String TICKET = "ticket";
    /** A ticket's title or its latest resolution summary, kept for the lessons that link it (stored only). */
    static final String TICKET_TEXT = "ticketText";
    /** An action item's title, kept for the lesson it was recorded with (stored only). */
    static final String ACTION_ITEM = "actionItem";

    static final String TITLE = "title";
    static final String SUMMARY = "summary";
    static final String BODY = "body";
    static final String KEYWORDS = "keywords";
    static final String TAGS = "tags";
    static final String COMPANY = "company";
    static final String PRODUCT = "product";
    /** A lesson's linked text: its tickets' titles and latest resolution summaries, its action items' titles. */
    static final String LINKED = "linked";

    static final String SERVICE_FILTER = "service_f";
    static final String TAG_FILTER = "tag_f";
    static final String SEVERITY_FILTER = "severity_f";
    static final String TIME = "time";
    static final String TIME_STORED = "time_s";
    static final String TIME_SORT = "time_dv";

    static final String SERVICE = "service";
    static final String RELEASE_ID = "releaseId";
    static final String TICKET_IDS = "ticketIds";
    static final String URL = "url";
    static final String TAG_STORED = "tag_s";
    static final String SEVERITY = "severity";

    /*
     * Stored only, for reading a document whole (PostmortemViews): what the fields above do not keep as
     * written. A post-mortem's Markdown, its instants to the nanosecond, its categories and keywords apart.
     */
    static final String ACTOR = "actor";
    static final String FACTOR = "factor_s";
    static final String WENT_WELL = "wentWell_s";
    static final String IMPROVEMENT = "improvement_s";
    static final String SOURCE = "source";
    static final String SOURCE_ID = "sourceId";
    static final String CATEGORY = "category_s";
    static final String KEYWORD = "keyword_s";
    static final String START = "start_s";
    static final String END = "end_s";
    static final String SUMMARY_MARKDOWN = "summary_md";
    static final String BODY_MARKDOWN = "body_md";
    static final String IMPORTED_AT = "importedAt_s";
    static final String REVISIONS = "revisions_s";
    static final String REVISED_AT = "revisedAt_s";
    static final String REVISED_BY = "revisedBy_s";
    /** What a lesson stores for its whole read alone, kept when it is rewritten ({@link #relinked}). */
    private static final Set<String> LESSON_STORED_ONLY = Set.of(ACTOR, FACTOR, WENT_WELL, IMPROVEMENT);

    static final String LESSON_ID = "lessonId";
    static final String TEXT_STORED = "text_s";

    static final String TICKET_ID = "ticketId";
    static final String SEVERITY_ORDINAL = "severityOrdinal";
    static final String TICKET_POSITION = "ticketPosition";

    /**
     * Fields a free-text query searches, and how much a match in each weighs. A lesson's linked text weighs least:
     * what its tickets and action items say finds it, but a lesson that says it itself ranks first.
     */
    static final Map<String, Float> WEIGHTS = Map.of(TITLE, 3.0f, SUMMARY, 2.0f, KEYWORDS, 2.0f, TAGS, 1.5f,
            COMPANY, 1.5f, PRODUCT, 1.5f, BODY, 1.0f, LINKED, 0.75f);

    private static final FieldType TEXT = new FieldType(TextField.TYPE_STORED);
    /**
     * Which documents hold a word, and nothing more: a prefix scores alike wherever it matches, and its
     * snippet is cut from the stored text field, analysed again.
     */
    private static final FieldType UNSTEMMED = new FieldType();

    static {
        TEXT.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT.freeze();
        UNSTEMMED.setIndexOptions(IndexOptions.DOCS);
        UNSTEMMED.setTokenized(true);
        UNSTEMMED.setOmitNorms(true);
        UNSTEMMED.freeze();
    }

    private SearchDocuments() {
    }

    /**
     * A text field's words as written, for prefixes: among the stems a prefix cut inside a suffix the
     * stemmer drops found nothing ("deploym*", where "deployment" is indexed as "deploy").
     */
    static String unstemmed(String field) {
        return field + "_unstemmed";
    }

    /** Text fields in English; their unstemmed siblings lower-cased only, stop words kept. */
    static Analyzer analyzer() {
        Analyzer unstemmed = FoldingAnalyzer.unstemmed();
        return new PerFieldAnalyzerWrapper(FoldingAnalyzer.stemmed(), WEIGHTS.keySet().stream()
                .collect(Collectors.toMap(SearchDocuments::unstemmed, field -> unstemmed)));
    }

    static String lessonId(String lessonId) {
        return LESSON + ":" + lessonId;
    }

    static String postmortemId(String postmortemId) {
        return POSTMORTEM + ":" + postmortemId;
    }

    static String ticketId(String ticketId) {
        return TICKET + ":" + ticketId;
    }

    static String ticketTitleId(String ticketId) {
        return "ticket-title:" + ticketId;
    }

    static String ticketResolutionId(String ticketId) {
        return "ticket-resolution:" + ticketId;
    }

    static String actionItemId(String actionItemId) {
        return "action-item:" + actionItemId;
    }

    /**
     * A lesson, its linked text one line each (a snippet never joins two). Its severity and linked text change
     * as its tickets and action items do ({@link #relinked}).
     */
    static Document lesson(LessonRecorded event, Severity severity, List<String> linked) {
        Document document = base(lessonId(event.lessonId()), LESSON);
        document.add(new StringField(LESSON_ID, event.lessonId(), Field.Store.YES));
        text(document, TITLE, event.title());
        text(document, SUMMARY, event.whatHappened());
        List<String> body = new ArrayList<>(event.contributingFactors());
        if (event.whatWentWell() != null) {
            body.add(event.whatWentWell());
        }
        body.addAll(event.improvements());
        text(document, BODY, String.join("\n", body));
        String service = Docs.serviceOf(event.releaseId());
        document.add(new StoredField(SERVICE, service));
        document.add(new StringField(SERVICE_FILTER, normal(service), Field.Store.NO));
        // Searchable as an imported post-mortem's product is: a team looking for "checkout" means its lessons too.
        text(document, PRODUCT, service);
        document.add(new StringField(RELEASE_ID, event.releaseId(), Field.Store.YES));
        for (String tag : event.tags()) {
            text(document, TAGS, tag);
            tag(document, tag);
        }
        for (String ticketId : event.ticketIds()) {
            document.add(new StringField(TICKET_IDS, ticketId, Field.Store.YES));
        }
        severity(document, severity);
        linked(document, linked);
        time(document, event.at());
        stored(document, ACTOR, event.actor());
        event.contributingFactors().forEach(factor -> stored(document, FACTOR, factor));
        stored(document, WENT_WELL, event.whatWentWell());
        event.improvements().forEach(improvement -> stored(document, IMPROVEMENT, improvement));
        return document;
    }

    /** The same lesson with this severity and linked text, from its stored fields. */
    static Document relinked(Document stored, Severity severity, List<String> linked) {
        Document document = new Document();
        for (var field : stored.getFields()) {
            String name = field.name();
            if (name.equals(SEVERITY) || name.equals(LINKED)) {
                continue;
            }
            if (Set.of(TITLE, SUMMARY, BODY, TAGS, PRODUCT).contains(name)) {
                text(document, name, field.stringValue());
            } else if (Set.of(ID, KIND, LESSON_ID, RELEASE_ID, TICKET_IDS).contains(name)) {
                document.add(new StringField(name, field.stringValue(), Field.Store.YES));
            } else if (name.equals(SERVICE)) {
                document.add(new StoredField(SERVICE, field.stringValue()));
                document.add(new StringField(SERVICE_FILTER, normal(field.stringValue()), Field.Store.NO));
            } else if (name.equals(TAG_STORED)) {
                tag(document, field.stringValue());
            } else if (name.equals(TIME_STORED)) {
                time(document, Instant.ofEpochMilli(field.numericValue().longValue()));
            } else if (LESSON_STORED_ONLY.contains(name)) {
                stored(document, name, field.stringValue());
            }
        }
        severity(document, severity);
        linked(document, linked);
        return document;
    }

    /** Under {@link #ticketTitleId} or {@link #ticketResolutionId}: never searched, read for the lessons linking it. */
    static Document ticketText(String id, String ticketId, String text) {
        Document document = base(id, TICKET_TEXT);
        document.add(new StoredField(TICKET_ID, ticketId));
        stored(document, TEXT_STORED, text);
        return document;
    }

    /** Found by its lesson and release, whose ids are exact keywords here; never searched itself. */
    static Document actionItem(ActionItemAdded event) {
        Document document = base(actionItemId(event.actionItemId()), ACTION_ITEM);
        document.add(new StringField(LESSON_ID, event.lessonId(), Field.Store.YES));
        document.add(new StringField(RELEASE_ID, event.releaseId(), Field.Store.YES));
        document.add(new StoredField(TIME_STORED, event.at().toEpochMilli()));
        stored(document, TEXT_STORED, event.title());
        return document;
    }

    static Document postmortem(PostmortemImported event) {
        return postmortem(event.postmortemId(), event.source(), event.sourceId(), PostmortemContent.of(event),
                event.actor(), event.at());
    }

    /** The post-mortem as revised, whole: a revision carries what the first import recorded. */
    static Document postmortem(PostmortemRevised event) {
        Document document = postmortem(event.postmortemId(), event.source(), event.sourceId(), event.content(),
                event.importedBy(), event.importedAt());
        stored(document, REVISIONS, Integer.toString(event.revision()));
        stored(document, REVISED_AT, event.at() == null ? null : event.at().toString());
        stored(document, REVISED_BY, event.actor());
        return document;
    }

    private static Document postmortem(String postmortemId, String source, String sourceId, PostmortemContent content,
                                       String importedBy, Instant importedAt) {
        Document document = base(postmortemId(postmortemId), POSTMORTEM);
        document.add(new StringField("postmortemId", postmortemId, Field.Store.YES));
        text(document, TITLE, content.title());
        // Indexed and stored as plain text: the stored value is what snippets are cut from.
        text(document, SUMMARY, MarkdownText.plain(content.summary()));
        text(document, BODY, MarkdownText.plain(content.body()));
        Set<String> tags = new LinkedHashSet<>(content.categories());
        tags.addAll(content.keywords());
        text(document, KEYWORDS, String.join(", ", content.keywords()));
        for (String category : content.categories()) {
            text(document, TAGS, category);
        }
        tags.forEach(tag -> tag(document, tag));
        text(document, COMPANY, content.company());
        text(document, PRODUCT, content.product());
        if (content.product() != null) {
            document.add(new StoredField(SERVICE, content.product()));
            document.add(new StringField(SERVICE_FILTER, normal(content.product()), Field.Store.NO));
        }
        if (content.url() != null) {
            document.add(new StoredField(URL, content.url()));
        }
        time(document, content.startTime());
        stored(document, SOURCE, source);
        stored(document, SOURCE_ID, sourceId);
        content.categories().forEach(category -> stored(document, CATEGORY, category));
        content.keywords().forEach(keyword -> stored(document, KEYWORD, keyword));
        stored(document, START, content.startTime() == null ? null : content.startTime().toString());
        stored(document, END, content.endTime() == null ? null : content.endTime().toString());
        stored(document, SUMMARY_MARKDOWN, content.summary());
        stored(document, BODY_MARKDOWN, content.body());
        stored(document, ACTOR, importedBy);
        stored(document, IMPORTED_AT, importedAt == null ? null : importedAt.toString());
        return document;
    }

    static Document ticket(String ticketId, Severity severity, long position) {
        Document document = base(ticketId(ticketId), TICKET);
        document.add(new StoredField(TICKET_ID, ticketId));
        document.add(new StoredField(SEVERITY_ORDINAL, Integer.toString(severity.ordinal())));
        document.add(new StoredField(TICKET_POSITION, Long.toString(position)));
        return document;
    }

    static String normal(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static Document base(String id, String kind) {
        Document document = new Document();
        document.add(new StringField(ID, id, Field.Store.YES));
        document.add(new StringField(KIND, kind, Field.Store.YES));
        return document;
    }

    private static void text(Document document, String field, String value) {
        if (value != null && !value.isBlank()) {
            document.add(new Field(field, value, TEXT));
            document.add(new Field(unstemmed(field), value, UNSTEMMED));
        }
    }

    private static void severity(Document document, Severity severity) {
        if (severity != null) {
            document.add(new StringField(SEVERITY_FILTER, severity.name(), Field.Store.NO));
            document.add(new StoredField(SEVERITY, severity.name()));
        }
    }

    private static void linked(Document document, List<String> lines) {
        text(document, LINKED, lines.stream().filter(line -> line != null && !line.isBlank())
                .map(String::strip).collect(Collectors.joining("\n")));
    }

    private static void stored(Document document, String field, String value) {
        if (value != null) {
            document.add(new StoredField(field, value));
        }
    }

    private static void tag(Document document, String tag) {
        if (tag != null && !tag.isBlank()) {
            document.add(new StringField(TAG_FILTER, normal(tag), Field.Store.NO));
            document.add(new StoredField(TAG_STORED, tag));
        }
    }

    private static void time(Document document, Instant at) {
        if (at != null) {
            document.add(new LongPoint(TIME, at.toEpochMilli()));
            document.add(new StoredField(TIME_STORED, at.toEpochMilli()));
            document.add(new NumericDocValuesField(TIME_SORT, at.toEpochMilli()));
        }
    }
}
