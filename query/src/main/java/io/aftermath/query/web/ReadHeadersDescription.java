package io.aftermath.query.web;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The headers {@link Reads#answer} sets, declared on every read that goes through it: those that take
 * {@value Reads#AFTER}, streams excepted (they wait for the position, then answer with events).
 */
@Component
class ReadHeadersDescription implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
        boolean waitsForWrites = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "header".equals(parameter.getIn()) && Reads.AFTER.equals(parameter.getName()));
        boolean stream = ok != null && ok.getContent() != null
                && ok.getContent().containsKey(MediaType.TEXT_EVENT_STREAM_VALUE);
        if (ok != null && waitsForWrites && !stream) {
            ok.addHeaderObject(Reads.READ_POSITION, new Header().schema(new IntegerSchema().format("int64"))
                    .description("The answer holds every event below this log position"));
            ok.addHeaderObject(Reads.STALE, new Header().schema(new BooleanSchema())
                    .description("true when ?after= was not reached in time: the answer may miss that write"));
            ok.addHeaderObject(Reads.REBUILDING, new Header().schema(new BooleanSchema())
                    .description("true while the projection serving this read is being rebuilt"));
        }
        return operation;
    }
}
