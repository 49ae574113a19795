package io.aftermath.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aftermath.shared.error.ErrorCode;

/** The statuses are part of the HTTP contract; changing one is a breaking change. */
class ErrorCodeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "VALIDATION_FAILED, 400", "MALFORMED_REQUEST, 400", "MALFORMED_PATH, 400", "PAYLOAD_TOO_LARGE, 413",
            "UNAUTHENTICATED, 401",
            "FORBIDDEN, 403", "RELEASE_NOT_FOUND, 404", "TICKET_NOT_FOUND, 404", "ACTION_ITEM_NOT_FOUND, 404",
            "LESSON_NOT_FOUND, 422", "UNKNOWN_RELEASE, 422", "UNKNOWN_TICKET, 422", "INVALID_RELEASE_ID, 422",
            "RELEASE_EXISTS, 409", "TICKET_EXISTS, 409", "TICKET_CLOSED, 409", "TICKET_IS_DUPLICATE, 409",
            "TICKET_ALREADY_RESOLVED, 409", "TICKET_NOT_RESOLVED, 409", "TICKET_NOT_TRIAGED, 409",
            "DUPLICATE_CYCLE, 409", "DUPLICATE_OF_ITSELF, 422", "HOTFIX_REQUIRES_RELEASE, 422",
            "INVALID_HOTFIX, 422",
            "RETROSPECTIVE_CLOSED, 409", "CONCURRENCY_CONFLICT, 409", "PRECONDITION_FAILED, 412",
            "IDEMPOTENCY_KEY_REUSED, 422",
            "POSTMORTEM_INVALID, 422", "INTERNAL, 500", "LESSON_EXISTS, 409", "ACTION_ITEM_EXISTS, 409",
            "USER_UPDATE_EXISTS, 409", "NOT_FOUND, 404", "METHOD_NOT_ALLOWED, 405", "UNSUPPORTED_MEDIA_TYPE, 415",
            "NOT_ACCEPTABLE, 406", "STORE_UNAVAILABLE, 503", "ACTION_ITEM_ALREADY_DONE, 409",
            "IDEMPOTENCY_KEY_IN_PROGRESS, 409", "OVERLOADED, 503", "POSTMORTEM_EXISTS, 409",
            "NOT_SERVED_BY_THIS_NODE, 421", "IDENTITY_PROVIDER_UNAVAILABLE, 503",
            "UNSUPPORTED_CONTENT_ENCODING, 415", "METHOD_NOT_IMPLEMENTED, 501",
            "LEDGER_INCOMPLETE, 500"})
    void each_code_has_its_http_status(ErrorCode code, int status) {
        assertEquals(status, code.status());
    }

    @ParameterizedTest
    @CsvSource({"TICKET_NOT_FOUND, ticket-not-found", "INTERNAL, internal"})
    void slugs_are_kebab_case(ErrorCode code, String slug) {
        assertEquals(slug, code.slug());
    }
}
