package io.aftermath.shared.web.openapi;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import io.aftermath.shared.web.ApiWrites;
import io.swagger.v3.oas.models.Operation;

/**
 * The problem statuses an operation can answer, read from what it takes rather than listed per
 * endpoint, so a new endpoint is described without annotations. Each rule names what refuses:
 * <ul>
 * <li>any: 401 and 403 (security), 406 (an {@code Accept} that admits none of its answers), 429 (with
 * HTTP Basic, an address past its wrong passwords for the minute), 500
 * ({@code INTERNAL}), 503 ({@code STORE_UNAVAILABLE}, {@code OVERLOADED}, and in JWT mode
 * {@code IDENTITY_PROVIDER_UNAVAILABLE});</li>
 * <li>a body, a query or header parameter, or a write (its {@code Idempotency-Key} is checked): 400;</li>
 * <li>a path variable, which names something that may not exist: 404;</li>
 * <li>a write: 409 (a key still in progress, a lost race, or the ledger's own rule) and 422 (a key
 * reused for another request, or the ledger's own rule);</li>
 * <li>any: 413 and 415 too, since a body's size and coding are checked before the operation is known to take one:
 * an operation that reads none ignores a body, yet is refused one declared past the size limit or in a content
 * coding;</li>
 * <li>an {@code If-Match} header (a conditional write): 412;</li>
 * <li>one that only nodes running some role serve ({@link RoleBoundOperations}): 421 (sent to a node
 * without that role).</li>
 * </ul>
 * A handler that can refuse otherwise declares the response itself ({@code @ApiResponse}).
 */
final class Refusals {

    private static final int MISDIRECTED = 421;
    private static final int PRECONDITION_FAILED = 412;
    static final String IF_MATCH_REF = "#/components/parameters/" + HttpHeaders.IF_MATCH;

    private Refusals() {
    }

    static SortedSet<Integer> of(String path, HttpMethod method, Operation operation, boolean roleBound) {
        boolean write = ApiWrites.isApiWrite(method, path);
        boolean body = operation.getRequestBody() != null;
        boolean input = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> !"path".equals(parameter.getIn()));
        SortedSet<Integer> statuses = new TreeSet<>(List.of(401, 403, 406, 413, 415, 429, 500, 503));
        if (write || body || input) {
            statuses.add(400);
        }
        if (path.contains("{")) {
            statuses.add(404);
        }
        if (write) {
            statuses.addAll(List.of(409, 422));
        }
        if (roleBound) {
            statuses.add(MISDIRECTED);
        }
        if (isConditional(operation)) {
            statuses.add(PRECONDITION_FAILED);
        }
        return statuses;
    }

    /** Takes {@code If-Match}, as its handler declares it or as already described by reference. */
    static boolean isConditional(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> IF_MATCH_REF.equals(parameter.get$ref())
                        || "header".equals(parameter.getIn())
                        && HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName()));
    }

    /**
     * The reason phrase; Spring knows 421 only by its WebDAV name, Destination Locked. {@code body}: whether the
     * operation takes one; one that does not says why it can answer 413 and 415 all the same.
     */
    static String description(int status, boolean body) {
        if (!body && status == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
            return "Payload Too Large: this operation reads no body and ignores one sent, but a Content-Length past "
                    + "aftermath.web.max-body-size is refused before it runs (PAYLOAD_TOO_LARGE)";
        }
        if (!body && status == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
            return "Unsupported Media Type: this operation reads no body and ignores one sent, but one in a content "
                    + "coding (Content-Encoding) is refused before it runs (UNSUPPORTED_CONTENT_ENCODING)";
        }
        if (status == PRECONDITION_FAILED) {
            return "Precondition Failed: the ticket or release is no longer at a version If-Match names; nothing "
                    + "was written, and the detail names the current version (PRECONDITION_FAILED)";
        }
        return status == MISDIRECTED ? "Misdirected Request: this node does not run the role that serves the "
                + "operation; the detail names the roles that do (NOT_SERVED_BY_THIS_NODE)"
                : HttpStatus.valueOf(status).getReasonPhrase();
    }
}
