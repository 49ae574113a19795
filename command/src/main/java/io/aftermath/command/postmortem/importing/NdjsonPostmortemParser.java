package io.aftermath.command.postmortem.importing;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.JacksonMessages;

/**
 * Many post-mortems, one JSON object per line, with the Markdown front matter's field names (snake
 * case or camel case: {@code start_time} or {@code startTime}, {@code uuid} or {@code sourceId}) plus
 * {@code body}. Blank lines are skipped; every other line is an entry named by its line number, and a
 * bad line is reported without stopping the others.
 */
public final class NdjsonPostmortemParser {

    /**
     * Raw control characters in strings are invalid JSON, but cleaned like escaped ones rather than refused. A
     * member given twice is refused, as in a write's body: which one was meant would be a guess.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

    /**
     * {@code file} prefixes the entry names ("incidents.ndjson line 3"); null for a bare upload ("line 3").
     * {@code charset} is the one the content type names, or null for UTF-8; a line that is not valid in it
     * is refused ({@link UploadText}).
     */
    public List<ParsedEntry> parse(String file, byte[] document, Charset charset) {
        UploadText upload = UploadText.decode(document, charset);
        List<ParsedEntry> entries = new ArrayList<>();
        String[] lines = upload.text().split("\n", -1);
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String entry = (file == null ? "" : file + " ") + "line " + (i + 1);
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            String problem = upload.problem(start, start + lines[i].length());
            if (problem != null) {
                entries.add(new ParsedEntry.Invalid(entry, ErrorCode.POSTMORTEM_INVALID, problem));
            } else if (!line.isBlank()) {
                entries.add(parseLine(entry, line.strip()));
            }
            start += lines[i].length() + 1;
        }
        // A file with no line to read is answered for, as an empty Markdown file is.
        return entries.isEmpty()
                ? List.of(new ParsedEntry.Invalid(file == null ? "document" : file, ErrorCode.POSTMORTEM_INVALID,
                        "The document is empty"))
                : entries;
    }

    private static ParsedEntry parseLine(String entry, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST, unreadable(e.getOriginalMessage()));
        }
        if (!(node instanceof ObjectNode object)) {
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST, "A line must hold one JSON object");
        }
        return DraftAssembler.assemble(entry, new JsonFields(object), null);
    }

    private static String unreadable(String message) {
        String text = message == null ? "" : message;
        Matcher duplicate = DUPLICATE.matcher(text);
        if (duplicate.find()) {
            return "The member " + duplicate.group(1) + " is given more than once";
        }
        if (text.startsWith("Trailing token")) {
            return "The line has more after its JSON object";
        }
        return "Not valid JSON: " + JacksonMessages.plain(text);
    }
}
