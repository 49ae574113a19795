package io.aftermath.query.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.web.CalendarRange;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.release.ReleaseId;
import io.aftermath.shared.ticket.Severity;
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
    private static final int MAX_OFFSET = 10_000;
    private static final String RELEASE_ID = "Only the lessons of this release (service@version, exactly); imported "
            + "post-mortems have none. A release without lessons, or one the read side does not know, finds nothing "
            + "(200 with total 0, not 404)";

    private final QueryGateway queries;
    private final Reads reads;
    private final ProjectionProgress progress;

    public SearchController(QueryGateway queries, Reads reads, ProjectionProgress progress) {
        this.queries = queries;
        this.reads = reads;
        this.progress = progress;
    }

    /**
     * {@code tag} is read from the query itself: bound to a list, Spring would split a single value at its
     * commas, and a tag that holds one (found as {@code tag=a,b} so far) would no longer be found.
     */
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "Only what carries the tag; repeated "
            + "(tag=time&tag=linux), what carries all of them", array = @ArraySchema(schema = @Schema(type = "string")))
    @GetMapping(path = "/api/postmortems", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<PostmortemHits>> search(@RequestParam(required = false) String q,
                                                       @RequestParam(required = false) String service,
                                                       @Parameter(description = RELEASE_ID)
                                                       @RequestParam(required = false) String releaseId,
                                                       @RequestParam(required = false) String severity,
                                                       @RequestParam(required = false) String from,
                                                       @RequestParam(required = false) String to,
                                                       @RequestParam(required = false) Integer limit,
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
        SearchPostmortems query = new SearchPostmortems(TriageController.blankToNull(q),
                TriageController.blankToNull(service), releaseId(releaseId), tags(request), severity(severity),
                since, until, reads.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), offset(offset));
        return reads.answer(Reads.after(after, afterHeader), () -> progress.served(ProjectionNames.SEARCH),
                () -> progress.rebuilding(ProjectionNames.SEARCH),
                () -> queries.query(query, ResponseTypes.instanceOf(PostmortemHits.class)));
    }

    /**
     * Exact, as the release's own pages take it. One no release could be named by is refused, as a malformed
     * filter is; one the read side does not know finds nothing, as a service without lessons does: the search
     * index knows releases only by their lessons, so a release without one is not told apart from no release.
     */
    private static String releaseId(String value) {
        String releaseId = TriageController.blankToNull(value);
        if (releaseId != null && !ReleaseId.isValid(releaseId)) {
            throw new InvalidParameter("releaseId", "must be a release id, service@version");
        }
        return releaseId;
    }

    private static List<String> tags(ServerHttpRequest request) {
        return request.getQueryParams().getOrDefault("tag", List.of()).stream()
                .map(TriageController::blankToNull).filter(Objects::nonNull).toList();
    }

    /** Deep pages cost a ranking of everything before them, so paging stops at a bound. */
    private static int offset(Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > MAX_OFFSET) {
            throw new InvalidParameter("offset", "must be between 0 and " + MAX_OFFSET);
        }
        return value;
    }

    private static Severity severity(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("severity", "must be one of S1, S2, S3, S4");
        }
    }

    private static Instant time(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
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
