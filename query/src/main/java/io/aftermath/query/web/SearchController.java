package io.aftermath.query.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.web.CalendarRange;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.ticket.Severity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import reactor.core.publisher.Mono;

/**
 * Lessons and imported post-mortems, ranked by relevance to {@code q}. {@code from} and {@code to}
 * take an instant ({@code 2024-05-01T10:00:00Z}) or a day ({@code 2024-05-01}: from its start, to its
 * end, UTC); a post-mortem's time is when its incident started, a lesson's when it was recorded.
 */
@RestController
public class SearchController {

    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;
    private static final String RELEASE_ID = "Only the lessons of this release (service@version, exactly); imported "
            + "post-mortems have none; repeated (releaseId=checkout@2.4.0&releaseId=checkout@2.4.1), those of any of "
            + "them. A release without lessons, or one the read side does not know, finds nothing (200 with total 0, "
            + "not 404)";

    private static final String Q = "Words, any of which may match, in a hit's title, summary, body, tags and "
            + "keywords, an imported post-mortem's company and product, a lesson's service, or what a lesson links "
            + "(weighed least). \"a phrase\"; -word excludes; word* the words it begins; word~1, word~2 those within "
            + "one or two edits; + (sent as %2B) between words for all of them, | for either, ( ) to group. At most "
            + "10 prefix or fuzzy terms, each of at most 20 characters before its * or ~";
    private static final String INSTANT_OR_DAY = " an instant (2024-05-01T10:00:00Z; write an offset's + as %2B, "
            + "since a query reads + as a space) or a day (2024-05-01, UTC), ";
    private static final String FROM = "Only what happened at or after" + INSTANT_OR_DAY + "from the day's start. "
            + "A post-mortem's time is its incident's start, a lesson's its recording";
    private static final String TO = "Only what happened at or before" + INSTANT_OR_DAY + "to the day's end; not "
            + "before from (400)";

    private final QueryGateway queries;
    private final Reads reads;
    private final ProjectionProgress progress;

    public SearchController(QueryGateway queries, Reads reads, ProjectionProgress progress) {
        this.queries = queries;
        this.reads = reads;
        this.progress = progress;
    }

    /**
     * {@code tag}, {@code service}, {@code releaseId} and {@code severity} are read from the query itself: bound
     * to a String, Spring would join repeated values with commas, and bound to a list it would split one value at
     * its commas, while a tag may hold one.
     */
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "Only what carries the tag; repeated "
            + "(tag=time&tag=linux), what carries all of them", array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(name = "service", in = ParameterIn.QUERY, description = "Only the lessons of this service's releases "
            + "and the post-mortems of this product, in any case; repeated (service=checkout&service=search), those "
            + "of any of them", array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(name = "releaseId", in = ParameterIn.QUERY, description = RELEASE_ID,
            array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(name = "severity", in = ParameterIn.QUERY, description = "S1 to S4: only lessons whose most severe "
            + "linked ticket has it (an imported post-mortem carries none); repeated (severity=S1&severity=S2), "
            + "those with any of them", array = @ArraySchema(schema = @Schema(type = "string",
            allowableValues = {"S1", "S2", "S3", "S4"})))
    @Operation(summary = "Search lessons and imported post-mortems, ranked by relevance", description = "Ranked by "
            + "Lucene BM25, with snippets (HTML: the matched words in <b>…</b>, everything else escaped): {total, "
            + "hits[]}. total is the exact number of matches, the same on every page, so pages of limit from offset "
            + "0, limit, … join up while nothing is imported or recorded. Without q, newest first, undated "
            + "post-mortems last. Filters combine")
    @GetMapping(path = "/api/postmortems", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<PostmortemHits>> search(@Parameter(description = Q)
                                                       @RequestParam(required = false) String q,
                                                       @Parameter(description = FROM)
                                                       @RequestParam(required = false) String from,
                                                       @Parameter(description = TO)
                                                       @RequestParam(required = false) String to,
                                                       @Parameter(description = "How many hits to answer: 1 to "
                                                               + MAX_LIMIT + ", default " + DEFAULT_LIMIT)
                                                       @RequestParam(required = false) Integer limit,
                                                       @Parameter(description = "How many of the ranked hits to skip, "
                                                               + "for paging: 0 to " + Reads.MAX_OFFSET + ", default 0")
                                                       @RequestParam(required = false) Integer offset,
                                                       @RequestParam(required = false) String after,
                                                       @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                       ServerHttpRequest request) {
        Instant since = time("from", from, false);
        Instant until = time("to", to, true);
        if (since != null && until != null && since.isAfter(until)) {
            // An empty answer would read as "no such post-mortem" when the range was the mistake.
            throw new InvalidParameter("to", "must not be before from");
        }
        MultiValueMap<String, String> filters = request.getQueryParams();
        SearchPostmortems query = new SearchPostmortems(QueryValue.of(q), present(filters, "service"),
                releaseIds(filters), present(filters, "tag"), severities(filters), since, until,
                reads.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), Reads.offset(offset));
        return reads.answer(Reads.Source.NODE, Reads.after(after, afterHeader), () -> progress.served(ProjectionNames.SEARCH),
                () -> progress.rebuilding(ProjectionNames.SEARCH),
                () -> queries.query(query, ResponseTypes.instanceOf(PostmortemHits.class)));
    }

    /** A filter's values as given, each whole; an empty one is no filter. */
    private static List<String> present(MultiValueMap<String, String> query, String name) {
        return query.getOrDefault(name, List.of()).stream()
                .map(QueryValue::of).filter(Objects::nonNull).toList();
    }

    /**
     * Exact, as the release's own pages take them. One no release could be named by is refused, as a malformed
     * filter is; one the read side does not know finds nothing, as a service without lessons does: the search
     * index knows releases only by their lessons, so a release without one is not told apart from no release.
     */
    private static List<String> releaseIds(MultiValueMap<String, String> query) {
        return present(query, "releaseId").stream().map(releaseId -> ReleaseIdParameter.checked(releaseId,
                "repeat releaseId for several (releaseId=checkout@2.4.0&releaseId=checkout@2.4.1)")).toList();
    }

    private static List<Severity> severities(MultiValueMap<String, String> query) {
        return present(query, "severity").stream().map(SearchController::severity).toList();
    }

    private static Severity severity(String value) {
        try {
            return Severity.valueOf(TriageFilters.upperCase(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("severity", "must be one of S1, S2, S3, S4; repeat severity for several "
                    + "(severity=S1&severity=S2)");
        }
    }

    private static Instant time(String name, String value, boolean endOfDay) {
        String text = QueryValue.of(value);
        if (text == null) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            time = dayBoundary(name, text, endOfDay);
        }
        if (!CalendarRange.contains(time)) {
            throw outOfRange(name, value);
        }
        return time;
    }

    /** A bare date covers its whole day (UTC): {@code to} reaches its last millisecond. */
    private static Instant dayBoundary(String name, String text, boolean endOfDay) {
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException notADay) {
            throw new InvalidParameter(name, "must be an ISO-8601 instant or date, got " + text + UnencodedPlus.hint(text));
        }
        if (!CalendarRange.contains(day)) {
            throw outOfRange(name, text);
        }
        return endOfDay ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                : day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static InvalidParameter outOfRange(String name, String value) {
        return new InvalidParameter(name, CalendarRange.RULE + ", got " + value);
    }
}
