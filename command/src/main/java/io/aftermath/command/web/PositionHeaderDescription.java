package io.aftermath.command.web;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

import io.aftermath.command.CommandSide;
import io.aftermath.shared.web.Headers;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;

/**
 * Every endpoint of this side is a write that answers its success with {@value Headers#POSITION}
 * (see {@link Dispatched}); declared here once rather than on each handler.
 */
@Component
class PositionHeaderDescription implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (handler.getBeanType().getPackageName().startsWith(CommandSide.class.getPackageName())
                && operation.getResponses() != null) {
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    response.addHeaderObject(Headers.POSITION, new Header().schema(new IntegerSchema().format("int64"))
                            .description("Every event of this write sits below this log position; "
                                    + "pass it as ?after= to read your write"));
                }
            });
        }
        return operation;
    }
}
