package io.aftermath.shared.web.problem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.aftermath.shared.error.ErrorCode;

/**
 * A JSON body Jackson could not read, in the API's words: bytes that are not JSON (or not UTF-8) by
 * where they are, a value of the wrong type by its field. Jackson's own messages end in "at [Source:
 * REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 47]", which is
 * noise to a client.
 * <p>
 * A member given twice is named by its path ({@code extra.b}), as a field of the wrong type is.
 */
final class UnreadableJson {

    /** How jackson-core words STRICT_DUPLICATE_DETECTION's refusal; no subclass tells it apart. */
    private static final String DUPLICATE = "Duplicate field '";
    /** jackson-core's start of "Invalid UTF-8 start byte 0xff" and "Invalid UTF-8 middle byte 0x22". */
    private static final String NOT_UTF8 = "Invalid UTF-8";
    /** In "Unexpected end-of-input in VALUE_STRING", and in "…within/between Object entries", no JsonEOFException. */
    private static final String ENDED = "end-of-input";
    /** FAIL_ON_TRAILING_TOKENS' "Trailing token (of type …) found after value": a mismatch, like a non-object body. */
    private static final String TRAILING = "Trailing token";

    private UnreadableJson() {
    }

    static Problem problem(JsonProcessingException json) {
        // A syntax error inside a field's value arrives wrapped, with the field's path; it is still a syntax error.
        JsonParseException syntax = Problems.cause(json, JsonParseException.class);
        if (syntax != null) {
            return syntax(syntax);
        }
        if (json instanceof MismatchedInputException mismatched && mismatched.getPath().isEmpty()) {
            String message = mismatched.getOriginalMessage();
            return message != null && message.startsWith(TRAILING)
                    ? malformed("The body has more after its JSON value" + where(mismatched.getLocation()), List.of())
                    : malformed("The body must be a JSON object", List.of());
        }
        if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return malformed("The field " + field + " cannot be read",
                    List.of(new FieldProblem(field, explain(mapping))));
        }
        return malformed("The body is not valid JSON: "
                + Problems.truncate(JacksonMessages.plain(json.getOriginalMessage())), List.of());
    }

    private static Problem syntax(JsonParseException syntax) {
        String message = syntax.getOriginalMessage() == null ? "" : syntax.getOriginalMessage();
        String member = message.startsWith(DUPLICATE) ? duplicated(syntax.getProcessor()) : null;
        if (member != null) {
            return malformed("The member " + member + " is given more than once",
                    List.of(new FieldProblem(member, "is given more than once")));
        }
        String where = where(syntax.getLocation());
        if (message.startsWith(NOT_UTF8)) {
            return malformed("The body is not valid UTF-8" + where, List.of());
        }
        if (syntax instanceof JsonEOFException || message.contains(ENDED)) {
            return malformed("The body ends before its JSON value does" + where, List.of());
        }
        return malformed("The body is not valid JSON" + where, List.of());
    }

    private static Problem malformed(String detail, List<FieldProblem> errors) {
        return new Problem(400, ErrorCode.MALFORMED_REQUEST, detail, errors);
    }

    /** Columns count bytes, as Jackson reads the body. */
    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The parser stops with the repeated name as its current one, so its context is the member's path. */
    private static String duplicated(JsonParser parser) {
        if (parser == null) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            parts.addFirst(context.inArray() ? "[" + context.getCurrentIndex() + "]" : "." + context.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? null : path;
    }

    private static String explain(JsonMappingException mapping) {
        Class<?> target = mapping instanceof InvalidFormatException invalid ? invalid.getTargetType()
                : mapping instanceof ValueInstantiationException instantiation && instantiation.getType() != null
                ? instantiation.getType().getRawClass() : null;
        if (target != null && target.isEnum()) {
            return "must be " + Problems.describe(target);
        }
        // Also a value of the right JSON type that does not read as one (a date of 2026-02-30): the rule says both.
        if (mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + Problems.describe(mismatched.getTargetType());
        }
        Throwable cause = mapping.getCause();
        String message = cause instanceof JsonProcessingException jackson ? jackson.getOriginalMessage()
                : cause != null && cause.getMessage() != null ? cause.getMessage() : mapping.getOriginalMessage();
        return Problems.truncate(message);
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }
}
