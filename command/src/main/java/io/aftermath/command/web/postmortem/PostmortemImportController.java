package io.aftermath.command.web.postmortem;

import java.nio.charset.Charset;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
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
 * {@code {imported, skipped, errors[], warnings[]}} even when some entries were refused.
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

    private final PostmortemImporter importer;
    private final MarkdownPostmortemParser markdown = new MarkdownPostmortemParser();
    private final NdjsonPostmortemParser ndjson = new NdjsonPostmortemParser();

    PostmortemImportController(PostmortemImporter importer) {
        this.importer = importer;
    }

    // Bodies arrive as bytes for the parsers to decode strictly; the API description still calls them text.
    @PostMapping(consumes = {"text/markdown", "text/x-markdown"})
    @Operation(summary = "Import Markdown: one post-mortem with YAML front matter, or a list of linked post-mortems")
    Mono<ResponseEntity<ImportReport>> importMarkdown(@Parameter(description = "where the documents come from")
                                                      @RequestParam(required = false) String source,
                                                      @RequestBody @Schema(type = "string") byte[] document,
                                                      ServerWebExchange exchange) {
        return Mono.defer(() -> importer.run(exchange, source(source),
                markdown.parse(MARKDOWN_ENTRY, document, charset(exchange.getRequest().getHeaders()))));
    }

    @PostMapping(consumes = {"application/x-ndjson", "application/ndjson"})
    @Operation(summary = "Import post-mortems: one JSON object per line")
    Mono<ResponseEntity<ImportReport>> importNdjson(@RequestParam(required = false) String source,
                                                    @RequestBody @Schema(type = "string") byte[] document,
                                                    ServerWebExchange exchange) {
        return Mono.defer(() -> importer.run(exchange, source(source),
                ndjson.parse(null, document, charset(exchange.getRequest().getHeaders()))));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import post-mortems from several .md and .ndjson files")
    Mono<ResponseEntity<ImportReport>> importFiles(@RequestParam(required = false) String source,
                                                   @RequestBody Flux<Part> parts, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            String checked = source(source);
            return parts.concatMap(this::read)
                    .concatMapIterable(entries -> entries)
                    .collectList()
                    .flatMap(entries -> importer.run(exchange, checked, entries));
        });
    }

    private Mono<List<ParsedEntry>> read(Part part) {
        String name = part instanceof FilePart file && !file.filename().isBlank() ? file.filename() : part.name();
        MediaType type = part.headers().getContentType();
        String bareType = type == null ? null : type.getType() + "/" + type.getSubtype();
        Charset charset = charset(part.headers());
        return DataBufferUtils.join(part.content())
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

    private static String source(String source) {
        if (source == null) {
            return DEFAULT_SOURCE;
        }
        if (!SOURCE.matcher(source).matches()) {
            throw new InvalidParameter("source",
                    "must be 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return source;
    }
}
