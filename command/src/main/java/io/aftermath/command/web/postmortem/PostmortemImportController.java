package io.aftermath.command.web.postmortem;

import java.nio.charset.Charset;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.command.postmortem.importing.ImportFormat;
import io.aftermath.command.postmortem.importing.MarkdownPostmortemParser;
import io.aftermath.command.postmortem.importing.NdjsonPostmortemParser;
import io.aftermath.command.postmortem.importing.ParsedEntry;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/postmortems/import}: one Markdown post-mortem ({@code text/markdown}), or a Markdown
 * list of linked post-mortems, one per entry (see {@code MarkdownPostmortemParser}), many as NDJSON
 * ({@code application/x-ndjson}), or several files of either kind ({@code multipart/form-data},
 * recognised per part by content type, else by a {@code .md} or {@code .ndjson} name). Any other
 * content type is 415. Text is read in the charset its content type (a part's own) names, else as
 * UTF-8, strictly: a document that is not valid in it is an error entry, never read with replacement
 * characters. The whole body stays under the request limit (413 beyond). The answer is 200
 * {@code {imported, skipped, revised, errors[], warnings[]}} even when some entries were refused.
 * <p>
 * {@code ?source=} names where the documents come from (default {@value #DEFAULT_SOURCE}); it is part
 * of each post-mortem's identity, so one document imported from two sources is two post-mortems.
 */
@RestController
@RequestMapping("/api/postmortems/import")
@Tag(name = "Post-mortems")
class PostmortemImportController {

    static final String DEFAULT_SOURCE = "import";
    static final String MARKDOWN_ENTRY = "document";
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");
    // Springdoc merges the three handlers into one operation and keeps one handler's summary, so each carries the
    // operation's, whichever it keeps.
    private static final String SUMMARY = "Import post-mortems: Markdown, NDJSON or several files";
    private static final String DESCRIPTION = "text/markdown: one post-mortem with YAML front matter, or a list of "
            + "linked post-mortems (\"[Company](https://…). A summary.\" paragraphs), one per entry; "
            + "application/x-ndjson: one JSON object per line; multipart/form-data: .md and .ndjson files. Answers 200 "
            + "{imported, skipped, revised, errors[], warnings[]} even when some entries were refused; an entry already "
            + "imported under the same source is skipped if its content is unchanged and revised if it changed. The whole request stays under 256 KiB (else 413), so "
            + "large collections go in several requests";
    private static final String SOURCE_DESCRIPTION = "Where the documents come from: 1 to 50 letters, digits, '.', '_' "
            + "or '-', starting with a letter or digit; default " + DEFAULT_SOURCE + ". Part of each entry's identity: "
            + "the same document imported under another source is a second post-mortem, so keep one source per "
            + "collection";

    private final PostmortemImporter importer;
    private final MarkdownPostmortemParser markdown = new MarkdownPostmortemParser();
    private final NdjsonPostmortemParser ndjson = new NdjsonPostmortemParser();

    PostmortemImportController(PostmortemImporter importer) {
        this.importer = importer;
    }

    // Bodies arrive as bytes for the parsers to decode strictly; the API description still calls them text.
    @PostMapping(consumes = {"text/markdown", "text/x-markdown"})
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    Mono<ResponseEntity<ImportReport>> importMarkdown(@Parameter(description = SOURCE_DESCRIPTION)
                                                      @RequestParam(required = false) String source,
                                                      @RequestBody @Schema(type = "string") byte[] document,
                                                      ServerWebExchange exchange) {
        return Mono.defer(() -> importer.run(exchange, source(source, exchange),
                markdown.parse(MARKDOWN_ENTRY, document, charset(exchange.getRequest().getHeaders()))));
    }

    @PostMapping(consumes = {"application/x-ndjson", "application/ndjson"})
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    Mono<ResponseEntity<ImportReport>> importNdjson(@Parameter(description = SOURCE_DESCRIPTION)
                                                    @RequestParam(required = false) String source,
                                                    @RequestBody @Schema(type = "string") byte[] document,
                                                    ServerWebExchange exchange) {
        return Mono.defer(() -> importer.run(exchange, source(source, exchange),
                ndjson.parse(null, document, charset(exchange.getRequest().getHeaders()))));
    }

    // Part events, not Parts: Spring's Part reader drops an empty file that another part follows
    // (spring-framework#37264), and every file must be answered for.
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    Mono<ResponseEntity<ImportReport>> importFiles(@Parameter(description = SOURCE_DESCRIPTION)
                                                   @RequestParam(required = false) String source,
                                                   @RequestBody Flux<PartEvent> events, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            String checked = source(source, exchange);
            return events.windowUntil(PartEvent::isLast)
                    .concatMap(part -> part.switchOnFirst((first, all) -> first.hasValue()
                            ? read(first.get(), all) : all.then(Mono.empty())))
                    .concatMapIterable(entries -> entries)
                    .collectList()
                    .flatMap(entries -> importer.run(exchange, checked, entries));
        });
    }

    private Mono<List<ParsedEntry>> read(PartEvent first, Flux<PartEvent> events) {
        String name = first instanceof FilePartEvent file && !file.filename().isBlank() ? file.filename()
                : first.name();
        MediaType type = first.headers().getContentType();
        String bareType = type == null ? null : type.getType() + "/" + type.getSubtype();
        Charset charset = charset(first.headers());
        return DataBufferUtils.join(events.map(PartEvent::content))
                .map(PostmortemImportController::bytes)
                .defaultIfEmpty(new byte[0])
                .map(bytes -> ImportFormat.detect(bareType, name)
                        .map(format -> format == ImportFormat.MARKDOWN ? markdown.parse(name, bytes, charset)
                                : ndjson.parse(name, bytes, charset))
                        .orElseGet(() -> List.of(new ParsedEntry.Invalid(name, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                                "Neither Markdown (text/markdown, .md) nor NDJSON (application/x-ndjson, .ndjson)"))));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Null when the content type names none: the parsers then read UTF-8, strictly. */
    private static Charset charset(HttpHeaders headers) {
        MediaType type = headers.getContentType();
        return type == null ? null : type.getCharset();
    }

    /** Spring joins a parameter given twice with a comma, which then failed the rule as if one value were wrong. */
    private static String source(String source, ServerWebExchange exchange) {
        if (source == null) {
            return DEFAULT_SOURCE;
        }
        int given = exchange.getRequest().getQueryParams().getOrDefault("source", List.of()).size();
        if (given > 1) {
            throw InvalidParameter.givenMoreThanOnce("source", given);
        }
        if (!SOURCE.matcher(source).matches()) {
            throw new InvalidParameter("source",
                    "must be 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return source;
    }
}
