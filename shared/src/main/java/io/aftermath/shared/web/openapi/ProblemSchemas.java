package io.aftermath.shared.web.openapi;

import java.util.Arrays;
import java.util.List;

import io.aftermath.shared.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * What {@code ProblemWriter} writes, as schemas. Written out by hand because the wire form is Spring's
 * {@code ProblemDetail} plus extra members, not the {@code Problem} record; {@code code} lists the
 * {@link ErrorCode}s themselves, so a new code is described without touching this class.
 */
final class ProblemSchemas {

    static final String PROBLEM = "Problem";
    static final String FIELD_PROBLEM = "FieldProblem";
    static final String MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private ProblemSchemas() {
    }

    static void addTo(Components components) {
        components.addSchemas(FIELD_PROBLEM, new ObjectSchema()
                .description("One reason the request was refused")
                .addProperty("field", new StringSchema()
                        .description("JSON path of the field, or the parameter or header"))
                .addProperty("message", new StringSchema())
                .required(List.of("field", "message")));
        components.addSchemas(PROBLEM, new ObjectSchema()
                .description("RFC 9457 problem details with Aftermath's members")
                .addProperty("type", new StringSchema().format("uri").example("urn:aftermath:problem:ticket-not-found"))
                .addProperty("title", new StringSchema().description("The code's title"))
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("What went wrong, for people"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request path"))
                .addProperty("code", codes())
                .addProperty("correlationId", new StringSchema().description("As in the X-Correlation-Id header; in an answer "
                        + "replayed for an Idempotency-Key (Idempotent-Replayed: true), the first run's"))
                .addProperty("errors", new ArraySchema().items(ref(FIELD_PROBLEM))
                        .description("For bad input only: each field at fault"))
                .required(List.of("type", "title", "status", "instance", "code")));
    }

    static Content content() {
        return new Content().addMediaType(MEDIA_TYPE, new MediaType().schema(ref(PROBLEM)));
    }

    private static Schema<String> codes() {
        StringSchema code = new StringSchema();
        code.description("What clients branch on");
        code.setEnum(Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList());
        return code;
    }

    private static Schema<Object> ref(String name) {
        return new Schema<>().$ref(ResolvedRecords.COMPONENTS + name);
    }
}
