package io.aftermath.query.web;

import java.math.BigDecimal;
import java.util.List;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The headers {@link Reads#answer} sets, declared on every read that goes through it (on its 200 and its
 * 404): those that take {@value Reads#AFTER}, streams excepted (they wait for the position, then answer with events). On a
 * stream, what springdoc cannot see in its {@code Flux}: the events' ids, {@value Reads#LAST_EVENT_ID} and
 * {@value Reads#STALE}. The {@code after} query parameter, which every such read takes as text, as the integer it is,
 * and what it and its header do.
 */
@Component
class ReadHeadersDescription implements OperationCustomizer {

    private static final String AFTER = "Read your write: the X-Aftermath-Position a write answered. The read (a "
            + "stream, its snapshot) waits until what serves it has processed every event below it; after 5 s (by "
            + "default) it answers anyway, with X-Aftermath-Stale: true. Taken as ?after= and as the header "
            + Reads.AFTER + ": given both, the larger";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        // Taken as text so that Reads refuses it in the header's words; it is a position all the same.
        parameters.stream().filter(parameter -> "query".equals(parameter.getIn()) && "after".equals(parameter.getName()))
                .forEach(parameter -> parameter.schema(new IntegerSchema().format("int64").minimum(BigDecimal.ZERO))
                        .description(AFTER));
        parameters.stream().filter(parameter -> isHeader(parameter, Reads.AFTER))
                .forEach(parameter -> parameter.description(AFTER));
        boolean waitsForWrites = parameters.stream().anyMatch(parameter -> isHeader(parameter, Reads.AFTER));
        boolean stream = ok != null && ok.getContent() != null
                && ok.getContent().containsKey(MediaType.TEXT_EVENT_STREAM_VALUE);
        if (ok != null && waitsForWrites && !stream) {
            describeReadHeaders(ok);
            ApiResponse notFound = operation.getResponses().get("404");
            if (notFound != null) {
                describeReadHeaders(notFound);
            }
        } else if (stream) {
            ok.setDescription("snapshot, then update events, each with the whole result as data and the log position "
                    + "it reflects (every event below it) as id; heartbeat comments; reconnect, then the end, for a "
                    + "client that fell behind, when the node stops, after the stream's longest lifetime or its bearer "
                    + "token's exp, and when a snapshot would no longer say what this one said of stale");
            ok.addHeaderObject(Reads.STALE, new Header().schema(new BooleanSchema())
                    .description("true when the position waited for (after, the header or Last-Event-ID) was not "
                            + "reached in time, the store was out of sight, or the projection serving the stream had "
                            + "fallen behind the log (aftermath.query.stale-after); the snapshot's data then holds "
                            + "\"stale\": true too"));
            parameters.stream().filter(parameter -> isHeader(parameter, Reads.LAST_EVENT_ID))
                    .forEach(ReadHeadersDescription::describeLastEventId);
        }
        return operation;
    }

    /** On a 404 too: what was asked for may lie beyond what this node has read. */
    private static void describeReadHeaders(ApiResponse response) {
        response.addHeaderObject(Reads.READ_POSITION, new Header().schema(new IntegerSchema().format("int64"))
                .description("The answer holds every event below this log position"));
        response.addHeaderObject(Reads.STALE, new Header().schema(new BooleanSchema())
                .description("true when ?after= was not reached in time (the answer may miss that write), the "
                        + "store was out of sight (the answer may miss any write since the node last reached it), or "
                        + "the projection serving it has yet to process an event the node read from the log more than "
                        + "aftermath.query.stale-after ago (its processor stands still)"));
        response.addHeaderObject(Reads.REBUILDING, new Header().schema(new BooleanSchema())
                .description("true while the projection serving this read is being rebuilt"));
    }

    private static void describeLastEventId(Parameter parameter) {
        parameter.schema(new IntegerSchema().format("int64").minimum(BigDecimal.ZERO))
                .description("The id of the last event received, as a reconnecting EventSource sends it: the "
                        + "snapshot waits for that position as for after (the larger wins), so the client is not "
                        + "shown an older result than it had");
    }

    private static boolean isHeader(Parameter parameter, String name) {
        return "header".equals(parameter.getIn()) && name.equals(parameter.getName());
    }
}
