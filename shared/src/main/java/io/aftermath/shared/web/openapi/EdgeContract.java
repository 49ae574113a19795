package io.aftermath.shared.web.openapi;

import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import io.aftermath.shared.web.ApiWrites;
import io.aftermath.shared.web.Headers;
import io.aftermath.shared.web.idempotency.IdempotencyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * What the filters and the problem writer add to every endpoint under {@code /api}, which springdoc
 * cannot see in the handlers: the problem responses (see {@link Refusals}), {@code X-Correlation-Id}
 * in and out, on writes {@code Idempotency-Key} in and {@code Idempotent-Replayed} out, and on a 415
 * {@code Accept-Encoding} ({@code ContentEncodingFilter}); on a write whose handler takes
 * {@code If-Match}, that header described once, the 412 and the {@code ETag} of its success; and the
 * 405 a method no operation at a path takes is answered with, and the 501 of a method none takes.
 * Success statuses and headers a handler sets itself stay with the handler.
 */
class EdgeContract implements OpenApiCustomizer {

    private static final String PARAMETERS = "#/components/parameters/";
    private static final String HEADERS = "#/components/headers/";
    private static final String METHOD_NOT_ALLOWED = "MethodNotAllowed";
    private static final String METHOD_NOT_IMPLEMENTED = "MethodNotImplemented";

    private final RoleBoundOperations roleBound;

    EdgeContract(RoleBoundOperations roleBound) {
        this.roleBound = roleBound;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        declare(api.getComponents());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (path.startsWith("/api/")) {
                describe(path, HttpMethod.valueOf(method.name()), operation);
            }
        }));
    }

    private static void declare(Components components) {
        ProblemSchemas.addTo(components);
        components.addParameters(Headers.CORRELATION_ID, new Parameter().in("header").name(Headers.CORRELATION_ID)
                        .description("Echoed back and kept in the events' metadata; replaced by a fresh id unless "
                                + "1 to 128 of A-Z a-z 0-9 . _ : -")
                        .schema(new StringSchema().maxLength(128)))
                .addParameters(Headers.IDEMPOTENCY_KEY, new Parameter().in("header").name(Headers.IDEMPOTENCY_KEY)
                        .description("A retry with the same key, user and request gets the first answer and appends "
                                + "nothing; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED")
                        .schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]+$")))
                .addParameters(HttpHeaders.IF_MATCH, new Parameter().in("header").name(HttpHeaders.IF_MATCH)
                        .description("Write only if the ticket or release is still at this version: the ETag a read "
                                + "of it or an earlier write answered, e.g. \"7\" (its aggregate version, the sequence "
                                + "number of its last event); several may be listed, comma-separated. * asks only that "
                                + "it exists. Otherwise 412 PRECONDITION_FAILED, nothing written; a weak (W/) or "
                                + "unreadable tag is 400. Without it, the write is unconditional")
                        .schema(new StringSchema().example("\"7\"")))
                .addHeaders(HttpHeaders.ETAG, new Header()
                        .description("The version of the ticket or release once written, in quotes: send it as "
                                + "If-Match with the next write")
                        .schema(new StringSchema()))
                .addHeaders(Headers.CORRELATION_ID, new Header()
                        .description("The request's correlation id, or the one generated for it")
                        .schema(new StringSchema()))
                .addHeaders(HttpHeaders.RETRY_AFTER, new Header()
                        .description("Seconds to wait before sending the request again")
                        .schema(new IntegerSchema()))
                .addHeaders(Headers.IDEMPOTENT_REPLAYED, new Header()
                        .description("true on an answer stored for an earlier request with the same Idempotency-Key")
                        .schema(new BooleanSchema()))
                // Among no operation's responses: it answers a method that is no operation at the path (on
                // every node, whatever roles it runs), while every operation's own method is taken.
                .addResponses(METHOD_NOT_ALLOWED, new ApiResponse()
                        .description("Method Not Allowed: no operation at the path takes the method; Allow lists "
                                + "the methods that do (METHOD_NOT_ALLOWED)")
                        .content(ProblemSchemas.content())
                        .addHeaderObject(HttpHeaders.ALLOW, new Header().description("The methods the path takes")
                                .schema(new StringSchema()))
                        .addHeaderObject(Headers.CORRELATION_ID, new Header().$ref(HEADERS + Headers.CORRELATION_ID)))
                // Likewise: a method no path takes, refused before any operation is looked for.
                .addResponses(METHOD_NOT_IMPLEMENTED, new ApiResponse()
                        .description("Not Implemented: the server takes the method at no path, such as TRACE or a "
                                + "name HTTP does not define (METHOD_NOT_IMPLEMENTED)")
                        .content(ProblemSchemas.content())
                        .addHeaderObject(Headers.CORRELATION_ID, new Header().$ref(HEADERS + Headers.CORRELATION_ID)))
                .addHeaders(HttpHeaders.ACCEPT_ENCODING, new Header()
                        .description("identity: a body in a content coding (gzip, br…) is refused with this 415 "
                                + "(UNSUPPORTED_CONTENT_ENCODING); send it uncompressed")
                        .schema(new StringSchema()));
    }

    private void describe(String path, HttpMethod method, Operation operation) {
        boolean write = ApiWrites.isApiWrite(method, path);
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        // Before the headers below are added: Refusals reads the parameters the handler takes.
        boolean body = operation.getRequestBody() != null;
        Refusals.of(path, method, operation, roleBound.isRoleBound(method, path)).forEach(status -> responses
                .computeIfAbsent(Integer.toString(status), code -> new ApiResponse()
                        .description(Refusals.description(status, body))));
        boolean conditional = Refusals.isConditional(operation);
        if (conditional) {
            operation.getParameters().removeIf(parameter -> "header".equals(parameter.getIn())
                    && HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName()));
            if (operation.getParameters().stream().noneMatch(p -> Refusals.IF_MATCH_REF.equals(p.get$ref()))) {
                operation.addParametersItem(new Parameter().$ref(Refusals.IF_MATCH_REF));
            }
        }
        operation.addParametersItem(new Parameter().$ref(PARAMETERS + Headers.CORRELATION_ID));
        if (write) {
            operation.addParametersItem(new Parameter().$ref(PARAMETERS + Headers.IDEMPOTENCY_KEY));
        }
        for (Map.Entry<String, ApiResponse> entry : responses.entrySet()) {
            if (!entry.getKey().matches("\\d{3}")) {
                continue;
            }
            ApiResponse response = entry.getValue();
            int status = Integer.parseInt(entry.getKey());
            if (status >= 400) {
                // Whatever the handler returns, every refusal is written by ProblemWriter.
                response.setContent(ProblemSchemas.content());
            }
            response.addHeaderObject(Headers.CORRELATION_ID, new Header().$ref(HEADERS + Headers.CORRELATION_ID));
            if (conditional && status < 300) {
                response.addHeaderObject(HttpHeaders.ETAG, new Header().$ref(HEADERS + HttpHeaders.ETAG));
            }
            // A write's 409 may be IDEMPOTENCY_KEY_IN_PROGRESS, which tells when to send the key again (tester 60).
            boolean keyInProgress = write && status == HttpStatus.CONFLICT.value();
            if (status == HttpStatus.SERVICE_UNAVAILABLE.value() || status == HttpStatus.TOO_MANY_REQUESTS.value()
                    || keyInProgress) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header().$ref(HEADERS + HttpHeaders.RETRY_AFTER));
            }
            if (status == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
                response.addHeaderObject(HttpHeaders.ACCEPT_ENCODING,
                        new Header().$ref(HEADERS + HttpHeaders.ACCEPT_ENCODING));
            }
            if (write && IdempotencyFilter.mayReplay(status)) {
                response.addHeaderObject(Headers.IDEMPOTENT_REPLAYED,
                        new Header().$ref(HEADERS + Headers.IDEMPOTENT_REPLAYED));
            }
        }
    }
}
