package io.aftermath.shared.web.openapi;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.MediaType;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * Springdoc describes a stream of server-sent events and a multipart upload by the Java types that carry them,
 * {@code ServerSentEvent<String>} (an object without properties) and Spring's {@code PartEvent} (an array of
 * {@code {last}}), which is what a client generated from the description would send and expect (tester 75). A
 * stream is text in the event-stream format, whose events the operation describes; an upload is files.
 */
class StreamAndUploadBodies implements OpenApiCustomizer {

    /** The components springdoc made of those types, referenced by nothing once the bodies are described here. */
    private static final List<String> JAVA_TYPES = List.of("ServerSentEventString", "PartEvent");

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> describeStream(response.getContent()));
            }
            if (operation.getRequestBody() != null) {
                describeUpload(operation.getRequestBody().getContent());
            }
        }));
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            Map<String, Schema> schemas = api.getComponents().getSchemas();
            JAVA_TYPES.forEach(schemas::remove);
        }
    }

    private static void describeStream(Content content) {
        if (content != null && content.containsKey(MediaType.TEXT_EVENT_STREAM_VALUE)) {
            content.get(MediaType.TEXT_EVENT_STREAM_VALUE).setSchema(new StringSchema()
                    .description("Server-sent events, each with an event name, an id and JSON data, as the operation "
                            + "describes them"));
        }
    }

    private static void describeUpload(Content content) {
        if (content != null && content.containsKey(MediaType.MULTIPART_FORM_DATA_VALUE)) {
            content.get(MediaType.MULTIPART_FORM_DATA_VALUE).setSchema(new ObjectSchema().addProperty("files",
                    new ArraySchema().items(new StringSchema().format("binary"))
                            .description("The files, one post-mortem or list each, under any part name, each part "
                                    + "with its own Content-Type")));
        }
    }
}
