package io.aftermath.shared.web.problem;

import java.lang.reflect.Method;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandExecutionException;
import org.bson.BsonInvalidOperationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoServerException;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.ledger.AppendsStopped;
import io.aftermath.shared.ledger.CommitNotWritten;
import io.aftermath.shared.ledger.IncompleteStreamException;
import io.aftermath.shared.mongo.StoreErrors;
import reactor.netty.channel.AbortedException;

/**
 * Turns any failure into the {@link Problem} a client sees. Domain rejections keep their code; bad
 * input becomes {@code MALFORMED_REQUEST} (unreadable) or {@code VALIDATION_FAILED} (read, but
 * wrong); anything unexpected is {@code INTERNAL}, logged here and not explained to the client.
 */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final int MAX_ECHO = 200;
    private static final Pattern QUALIFIED_TYPE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");
    /** Spring's reason for a required body that is absent: none was sent, or the JSON was {@code null}, read as none. */
    private static final String NO_BODY = "No request body";
    /** How Spring's reason for a Content-Type that does not parse quotes it. */
    private static final String INVALID_TYPE = "Invalid mime type \"";
    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(byte.class, short.class, int.class, long.class,
            Byte.class, Short.class, Integer.class, Long.class);
    /** NDJSON's registered name; Spring's {@link MediaType#APPLICATION_NDJSON} is the older x-ndjson. */
    private static final MediaType NDJSON = new MediaType("application", "ndjson");

    private Problems() {
    }

    public static Problem of(Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof InvalidParameter invalid) {
            return new Problem(400, ErrorCode.VALIDATION_FAILED, invalid.getMessage(),
                    List.of(new FieldProblem(invalid.parameter(), invalid.rule())));
        }
        if (error instanceof DomainRejection rejection) {
            return Problem.of(rejection.code(), rejection.getMessage());
        }
        if (error instanceof CommandExecutionException wrapped) {
            return fromDetails(wrapped);
        }
        PayloadTooLargeException tooLarge = cause(error, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
        }
        // A codec's own limit: its message names it ("Part headers exceeded the memory usage limit of 10240 bytes").
        DataBufferLimitException buffered = cause(error, DataBufferLimitException.class);
        if (buffered != null) {
            return Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, truncate(buffered.getMessage()));
        }
        if (error instanceof WebExchangeBindException invalid) {
            return validation(invalid.getBindingResult());
        }
        if (hasCause(error, InvalidMediaTypeException.class)) {
            // A multipart part naming a charset Java does not know fails in Spring's part parser, not as a 415.
            return new Problem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    cause(error, InvalidMediaTypeException.class).getMessage(), List.of());
        }
        if (error instanceof UnsupportedMediaTypeStatusException unsupported) {
            return new Problem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, unsupportedMediaType(unsupported), List.of());
        }
        if (error instanceof MethodNotAllowedException notAllowed) {
            return new Problem(405, ErrorCode.METHOD_NOT_ALLOWED, notAllowed.getReason(), List.of());
        }
        if (error instanceof ServerWebInputException unreadable) {
            return unreadable(unreadable);
        }
        if (error instanceof AuthenticationException) {
            return Problem.of(ErrorCode.UNAUTHENTICATED, "Authentication is required");
        }
        if (error instanceof AccessDeniedException) {
            return Problem.of(ErrorCode.FORBIDDEN, "Your role does not allow this request");
        }
        if (hasCause(error, MongoInterruptedException.class)) {
            // A stop, or the store going out of sight (CuttableReads), interrupts a thread waiting for the store
            // (tester 53: a 500 with a stack per write).
            return Problem.of(ErrorCode.STORE_UNAVAILABLE, "The node stopped waiting for the store; retry later");
        }
        if (storeOutOfReach(error)) {
            return Problem.of(ErrorCode.STORE_UNAVAILABLE, "The store does not answer; retry later");
        }
        if (StoreErrors.closedClient(error)) {
            return Problem.of(ErrorCode.STORE_UNAVAILABLE,
                    "This node is stopping and the store does not answer; retry later");
        }
        // The ledger logged the failure once, when it stopped: a stack per refused request would flood a full disk.
        AppendsStopped stopped = cause(error, AppendsStopped.class);
        if (stopped != null) {
            return Problem.of(ErrorCode.LEDGER_STOPPED, stopped.getMessage());
        }
        // A read or write the embedded store refused since H2 closed it: it stays refused until a restart, as an
        // append after the ledger stopped, and the store said so at ERROR once when it closed.
        Optional<String> storeStopped = StoreErrors.embeddedStoreStopped(error);
        if (storeStopped.isPresent()) {
            return Problem.of(ErrorCode.LEDGER_STOPPED, storeStopped.get());
        }
        CommitNotWritten unwritten = cause(error, CommitNotWritten.class);
        if (unwritten != null) {
            return Problem.of(ErrorCode.STORE_UNAVAILABLE, truncate(unwritten.getMessage()));
        }
        MongoServerException failed = cause(error, MongoServerException.class);
        if (failed != null) {
            LOG.warn("The store failed a request: {}", failed.getMessage());
            String said = failed instanceof MongoCommandException command ? command.getErrorMessage() : failed.getMessage();
            return Problem.of(ErrorCode.STORE_UNAVAILABLE, "The store failed the request: " + truncate(said));
        }
        if (error instanceof RejectedExecutionException) {
            return Problem.of(ErrorCode.OVERLOADED, "Too many commands are waiting on this node; retry later");
        }
        IncompleteStreamException incomplete = cause(error, IncompleteStreamException.class);
        if (incomplete != null) {
            LOG.error(incomplete.getMessage());
            return Problem.of(ErrorCode.LEDGER_INCOMPLETE, incomplete.getMessage());
        }
        BsonInvalidOperationException unreadable = cause(error, BsonInvalidOperationException.class);
        if (unreadable != null) {
            // Only a document changed by hand fails so: say where to look, once per request, without a stack.
            LOG.error("A stored document is not in the shape Aftermath writes: {}", unreadable.getMessage());
            return Problem.of(ErrorCode.STORE_MALFORMED, "A stored document is not in the shape Aftermath writes ("
                    + truncate(unreadable.getMessage()) + "); GET /api/audit/verify names a commit so changed");
        }
        if (error instanceof ErrorResponse response) {
            return fromStatus(response.getStatusCode().value(), response.getBody().getDetail());
        }
        if (clientClosed(error)) {
            // Counted as a 500, any signed-in client could page the on-call by hanging up mid-upload.
            LOG.info("A client closed its connection before its request was read: {}", error.getMessage());
            return Problem.of(ErrorCode.CLIENT_CLOSED_REQUEST, "The connection closed before the request was read");
        }
        LOG.error("Unexpected failure while handling a request", error);
        return Problem.of(ErrorCode.INTERNAL, "Something went wrong on our side; the log has the details");
    }

    /**
     * As {@link #of(Throwable)}, saying in the API's words what the framework says in its own: a path
     * no handler serves reaches Spring's static resources, whose 404 reads "No static resource api/x.";
     * the security firewall's refusals name the header or the path at fault ({@link FirewallRefusal}).
     */
    public static Problem of(Throwable failure, ServerHttpRequest request) {
        if (unwrap(failure) instanceof ServerExchangeRejectedException rejected) {
            return FirewallRefusal.problem(rejected, request);
        }
        if (unwrap(failure) instanceof NoResourceFoundException) {
            String target = request.getMethod().name() + " " + request.getPath().value();
            return Problem.of(ErrorCode.NOT_FOUND, "No endpoint " + (target.length() <= MAX_ECHO ? target
                    : target.substring(0, MAX_ECHO) + "…"));
        }
        if (unwrap(failure) instanceof UnsupportedMediaTypeStatusException unsupported
                && !StringUtils.hasText(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
            // Spring names what it took the body for instead: application/octet-stream, or nothing ('').
            String send = typesToSend(unsupported);
            return new Problem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, truncate("No Content-Type was sent"
                    + (send == null ? "" : "; send " + send)), List.of());
        }
        if (unwrap(failure) instanceof ResponseStatusException status && status.getStatusCode().value() == 415
                && status.getReason() == null) {
            // Spring raised it only after reading the header as a type that could be a form, so it parses.
            MediaType sent = request.getHeaders().getContentType();
            if (sent != null) {
                return formLike(sent);
            }
        }
        return of(failure);
    }

    /**
     * Spring refuses a body whose type could be a form (a range such as {@code application/*} includes
     * one) before any reader is asked, with no word of what the endpoint reads; every body here is a
     * type of its own, JSON for most.
     */
    private static Problem formLike(MediaType sent) {
        String detail = sent.isConcrete()
                ? "Content type '" + sent + "' is not supported here; send the body's own type, such as application/json"
                : "Content type '" + sent + "' is a range, not a type; send the body's own type, such as application/json";
        return new Problem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, truncate(detail), List.of());
    }

    /** Futures and the local command bus wrap the interesting exception; the innermost known one wins. */
    public static Throwable unwrap(Throwable failure) {
        Throwable error = failure;
        while (error.getCause() != null && error != error.getCause()
                && (error instanceof CompletionException || error instanceof ExecutionException
                || (error instanceof CommandExecutionException wrapped && wrapped.getDetails().isEmpty()))) {
            error = error.getCause();
        }
        return error;
    }

    private static Problem fromDetails(CommandExecutionException wrapped) {
        Object details = wrapped.getDetails().orElse(null);
        ErrorCode code = details instanceof ErrorCode known ? known : parse(String.valueOf(details));
        return Problem.of(code, code == ErrorCode.INTERNAL ? "The command failed" : wrapped.getMessage());
    }

    private static ErrorCode parse(String name) {
        return Arrays.stream(ErrorCode.values()).filter(code -> code.name().equals(name)).findFirst()
                .orElse(ErrorCode.INTERNAL);
    }

    private static Problem validation(BindingResult result) {
        List<FieldProblem> errors = new ArrayList<>();
        result.getFieldErrors().forEach(error -> errors.add(new FieldProblem(error.getField(),
                error.getDefaultMessage())));
        result.getGlobalErrors().forEach(error -> errors.add(new FieldProblem(error.getObjectName(),
                error.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
        return new Problem(400, ErrorCode.VALIDATION_FAILED, "Invalid fields: " + fields, errors);
    }

    private static Problem unreadable(ServerWebInputException unreadable) {
        TypeMismatchException mismatch = cause(unreadable, TypeMismatchException.class);
        if (mismatch != null && unreadable.getMethodParameter() != null) {
            String parameter = parameterName(unreadable.getMethodParameter());
            String rule = "must be " + expected(mismatch.getRequiredType()) + tooLarge(mismatch);
            return new Problem(400, ErrorCode.VALIDATION_FAILED, parameter + " " + rule,
                    List.of(new FieldProblem(parameter, rule)));
        }
        if (NO_BODY.equals(unreadable.getReason())) {
            // Its decoder's message names the handler method, signature and all.
            return new Problem(400, ErrorCode.MALFORMED_REQUEST, missingBody(unreadable.getMethodParameter()), List.of());
        }
        InvalidUtf8Exception notUtf8 = cause(unreadable, InvalidUtf8Exception.class);
        if (notUtf8 != null) {
            return new Problem(400, ErrorCode.MALFORMED_REQUEST, notUtf8.getMessage(), List.of());
        }
        JsonProcessingException json = cause(unreadable, JsonProcessingException.class);
        if (json != null) {
            return UnreadableJson.problem(json);
        }
        // Spring's reason is only "Failed to read HTTP message"; its decoder says where the body broke.
        DecodingException decoding = cause(unreadable, DecodingException.class);
        String detail = decoding == null || decoding.getMessage() == null ? unreadable.getReason()
                : "The body could not be read: " + decoding.getMessage();
        return new Problem(400, ErrorCode.MALFORMED_REQUEST, truncate(detail), List.of());
    }

    /**
     * A body read as bytes, or as the parts of a multipart upload, is a document of its own type; every other
     * is one JSON object.
     */
    private static String missingBody(MethodParameter body) {
        if (body == null) {
            return "The body must be a JSON object";
        }
        Class<?> read = ResolvableType.forMethodParameter(body).getGeneric(0).resolve(body.getNestedParameterType());
        return body.getNestedParameterType() == byte[].class || PartEvent.class.isAssignableFrom(read) ? "The body is empty"
                : "The body must be a JSON object";
    }

    /**
     * Spring's reason names the Java type the body was to be read as ("…for bodyType=…Request"); the
     * client needs the types it may send instead.
     */
    private static String unsupportedMediaType(UnsupportedMediaTypeStatusException unsupported) {
        String send = typesToSend(unsupported);
        String reason = unsupported.getReason();
        if (unsupported.getContentType() == null && reason != null && reason.contains("Invalid mime type")) {
            // Spring's reason repeats the header twice before its last clause, which says what is wrong with it, and a
            // long header cut it short mid-word (tester 75).
            String why = reason.substring(reason.lastIndexOf(": ") + 2);
            int from = reason.indexOf(INVALID_TYPE);
            int to = reason.lastIndexOf("\": ");
            String header = from < 0 || to < from + INVALID_TYPE.length() ? ""
                    : " '" + cut(reason.substring(from + INVALID_TYPE.length(), to), 60) + "'";
            return truncate("The Content-Type header" + header + " cannot be read ("
                    + (why.contains("must not be empty") ? "it names no type" : why) + ")"
                    + (reason.contains("charset") ? "; name a charset Java knows, such as utf-8, or none"
                    : "; send " + (send == null ? "application/json" : send)));
        }
        if (unsupported.getContentType() == null || send == null) {
            return truncate(unsupported.getReason());
        }
        return truncate("Content type '" + unsupported.getContentType() + "' is not supported here; send " + send);
    }

    /**
     * The types the endpoint reads, as "a, b or c" in alphabetical order (a mapping's come from a set, in no
     * order of their own); null if none is a type a client could send. Wildcards
     * ({@code application/*+json}) are left out. So is NDJSON where the body is one value (Spring names its
     * body type then; an import's types come from its mapping, without one): Jackson's decoder lists NDJSON
     * for every JSON body, but reads such a body as one JSON value, refusing a second line.
     */
    private static String typesToSend(UnsupportedMediaTypeStatusException unsupported) {
        List<String> accepted = readable(unsupported).stream()
                .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
                .map(MediaType::toString).distinct().sorted().toList();
        if (accepted.isEmpty()) {
            return null;
        }
        String last = accepted.get(accepted.size() - 1);
        return accepted.size() == 1 ? last : String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + last;
    }

    /**
     * The types the endpoint reads, for a 415's {@code Accept} as for its detail: no NDJSON where the body is one value,
     * which Spring tells by the body's type, or, when the header did not parse, by JSON among the types (the import,
     * whose NDJSON is many values, reads no plain JSON).
     */
    static List<MediaType> readable(UnsupportedMediaTypeStatusException unsupported) {
        boolean oneValue = unsupported.getBodyType() != null || unsupported.getSupportedMediaTypes().stream()
                .anyMatch(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON));
        return unsupported.getSupportedMediaTypes().stream().filter(type -> !oneValue || !isNdjson(type)).toList();
    }

    private static boolean isNdjson(MediaType type) {
        return type.equalsTypeAndSubtype(MediaType.APPLICATION_NDJSON) || type.equalsTypeAndSubtype(NDJSON);
    }

    /** The name the client wrote: the annotation's, else the Java parameter's. */
    private static String parameterName(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        return parameter.getParameterName();
    }

    private static String expected(Class<?> type) {
        return type == null ? "of another type" : describe(type);
    }

    /** What a value of the type is written as, in the client's words: never a Java type's name. */
    static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Problems::written)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == LocalDate.class) {
            return "a date, YYYY-MM-DD, such as 2024-05-01";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant string, such as 2024-05-01T10:00:00Z";
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "of another type";
    }

    /** A whole number too long for its type was told it is no whole number; it is, and too large. */
    private static String tooLarge(TypeMismatchException mismatch) {
        Class<?> type = mismatch.getRequiredType();
        if (!WHOLE_NUMBERS.contains(type) || !(mismatch.getValue() instanceof String value)
                || !value.matches("[0-9]+")) {
            return "";
        }
        boolean isLong = type == Long.class || type == long.class;
        return " no larger than " + (isLong ? Long.MAX_VALUE : Integer.MAX_VALUE);
    }

    private static Problem fromStatus(int status, String detail) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_REQUEST;
        };
        return new Problem(status, code, detail != null ? detail : code.title(), List.of());
    }

    /** {@link StoreErrors#outOfReach}: the store's absence, an outage rather than a fault of the node. */
    public static boolean storeOutOfReach(Throwable error) {
        return StoreErrors.outOfReach(error);
    }

    /** Whether the client closed its connection while its request was read or its answer written. */
    public static boolean clientClosed(Throwable error) {
        return hasCause(error, AbortedException.class);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        return cause(error, type) != null;
    }

    /** What a client writes for a constant: its {@link JsonValue} (Channel's "status page"), else its name. */
    private static String written(Object constant) {
        for (Method method : constant.getClass().getMethods()) {
            if (method.isAnnotationPresent(JsonValue.class) && method.getParameterCount() == 0) {
                try {
                    return String.valueOf(method.invoke(constant));
                } catch (ReflectiveOperationException unreadable) {
                    break;
                }
            }
        }
        return ((Enum<?>) constant).name();
    }

    /** The first of the error's causes (the error itself included) of that type, or null. */
    public static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…";
    }

    /** At most {@link #MAX_ECHO} characters, and Java types by their simple names: packages tell a client nothing. */
    static String truncate(String text) {
        if (text == null) {
            return "";
        }
        String plain = QUALIFIED_TYPE.matcher(text).replaceAll("$1");
        return plain.length() <= MAX_ECHO ? plain : plain.substring(0, MAX_ECHO) + "…";
    }
}
