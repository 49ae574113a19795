package io.aftermath.shared.error;

/**
 * Every way a request can be refused, with the HTTP status it is rendered with. The web layer turns a
 * code into {@code application/problem+json}; the slug is stable, so clients may branch on it.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "The request is invalid"),
    MALFORMED_REQUEST(400, "The request body cannot be read"),
    MALFORMED_PATH(400, "The request path cannot be read"),
    UNAUTHENTICATED(401, "Authentication is required"),
    FORBIDDEN(403, "The role does not allow this"),
    CROSS_SITE_WRITE(403, "A write sent by another site's page is refused"),
    CROSS_ORIGIN_REQUEST(403, "A cross-origin request from a page is not answered"),
    TOO_MANY_LOGIN_FAILURES(429, "Too many wrong passwords from this address; retry later"),
    TOO_MANY_CONCURRENT_LOGINS(429, "Logins from this address are checked one at a time; retry in a second"),
    /** Nginx's status for a client that closed its connection before the answer: no client reads it. */
    CLIENT_CLOSED_REQUEST(499, "The client closed the connection before its request was read"),
    NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "The method is not allowed here"),
    METHOD_NOT_IMPLEMENTED(501, "The server does not implement this method"),
    NOT_SERVED_BY_THIS_NODE(421, "This node does not run the role that serves this request"),
    NOT_ACCEPTABLE(406, "No representation the request accepts"),
    UNSUPPORTED_MEDIA_TYPE(415, "The content type is not supported"),
    UNSUPPORTED_CONTENT_ENCODING(415, "The content coding is not supported"),
    RELEASE_NOT_FOUND(404, "Release not found"),
    TICKET_NOT_FOUND(404, "Ticket not found"),
    ACTION_ITEM_NOT_FOUND(404, "Action item not found"),
    POSTMORTEM_NOT_FOUND(404, "Lesson or post-mortem not found"),
    ACTION_ITEM_ALREADY_DONE(409, "The action item is already done with another note"),
    RELEASE_EXISTS(409, "The release is already registered"),
    TICKET_EXISTS(409, "The ticket already exists"),
    LESSON_EXISTS(409, "A lesson with this id already exists"),
    ACTION_ITEM_EXISTS(409, "An action item with this id already exists"),
    USER_UPDATE_EXISTS(409, "A user update with this id already exists"),
    POSTMORTEM_EXISTS(409, "The post-mortem was already imported"),
    TICKET_CLOSED(409, "The ticket is closed"),
    REGRESSION_NOT_DUPLICATE(409, "The report is the fault seen again where its fix shipped: a regression"),
    TICKET_IS_DUPLICATE(409, "The ticket is a duplicate"),
    TICKET_ALREADY_RESOLVED(409, "The ticket is already resolved differently"),
    TICKET_NOT_RESOLVED(409, "The ticket is not resolved"),
    TICKET_NOT_TRIAGED(409, "The ticket has not been prioritised"),
    DUPLICATE_CYCLE(409, "Marking this duplicate would create a cycle"),
    RETROSPECTIVE_CLOSED(409, "The retrospective is closed"),
    CONCURRENCY_CONFLICT(409, "Someone else changed this at the same time"),
    IDEMPOTENCY_KEY_IN_PROGRESS(409, "A request with this idempotency key is still in progress"),
    PRECONDITION_FAILED(412, "The ticket or release changed since you read it"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    LESSON_NOT_FOUND(422, "The lesson does not exist in this release"),
    UNKNOWN_RELEASE(422, "The referenced release does not exist"),
    UNKNOWN_TICKET(422, "The referenced ticket does not exist"),
    INVALID_RELEASE_ID(422, "The release id must be service@version"),
    DUPLICATE_OF_ITSELF(422, "A ticket cannot duplicate itself"),
    HOTFIX_REQUIRES_RELEASE(422, "A hotfix names the release it shipped in"),
    INVALID_HOTFIX(422, "A hotfix must be a later release of the same service"),
    INVALID_FIX_RELEASE(422, "The fix cannot have shipped in that release"),
    IDEMPOTENCY_KEY_REUSED(422, "The idempotency key was used for another request"),
    POSTMORTEM_INVALID(422, "The post-mortem is invalid"),
    INTERNAL(500, "Internal error"),
    LEDGER_INCOMPLETE(500, "The ledger misses a commit; GET /api/audit/verify names it"),
    STORE_MALFORMED(500, "A stored document is not in the shape Aftermath writes"),
    OVERLOADED(503, "The node is busy; retry later"),
    STORE_UNAVAILABLE(503, "The store does not answer; retry later"),
    LEDGER_STOPPED(503, "The ledger stopped taking appends after a store failure; the node needs a restart"),
    IDENTITY_PROVIDER_UNAVAILABLE(503, "The identity provider's keys could not be fetched; retry later"),
    PROJECTION_NOT_FOUND(404, "Projection not found"),
    REBUILD_IN_PROGRESS(409, "The projection is already being rebuilt"),
    REBUILD_CONFLICT(409, "The projection is running on another node"),
    BACKUP_NOT_AVAILABLE(409, "This node keeps no store file to back up"),
    CHECKPOINT_NOT_KEPT(500, "The checkpoint was taken but its record could not be written");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The code as it appears in problem types, e.g. {@code ticket-not-found}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
