package io.aftermath.command.web;

import java.util.List;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.release.ReleaseId;

/**
 * The aggregate a command addresses, and how to word its absence or its prior existence: a missing
 * ticket in the path is {@code TICKET_NOT_FOUND}, a second registration of a release is {@code
 * RELEASE_EXISTS}; and, for a write sent with {@code If-Match}, the versions the client read of it.
 */
public record Target(String id, ErrorCode notFound, ErrorCode exists, List<Long> expectedVersions) {

    /** No stored id is longer; a longer one in a path cannot name anything. */
    static final int MAX_ID_LENGTH = Limits.RELEASE_ID;

    public Target(String id, ErrorCode notFound, ErrorCode exists) {
        this(id, notFound, exists, List.of());
    }

    /** The write is conditional on the target's version, as {@code If-Match} (may be null) names it. */
    public Target ifMatch(String header) {
        return new Target(id, notFound, exists, IfMatch.versions(header));
    }

    public static Target ticket(String ticketId) {
        return new Target(ticketId, ErrorCode.TICKET_NOT_FOUND, ErrorCode.TICKET_EXISTS);
    }

    public static Target release(String releaseId) {
        return new Target(releaseId, ErrorCode.RELEASE_NOT_FOUND, ErrorCode.RELEASE_EXISTS);
    }

    /** Post-mortems are only ever created; a second import of the same content is {@code POSTMORTEM_EXISTS}. */
    public static Target postmortem(String postmortemId) {
        return new Target(postmortemId, ErrorCode.NOT_FOUND, ErrorCode.POSTMORTEM_EXISTS);
    }

    /**
     * Whether the id could name a stored aggregate: one that cannot is not found without loading its stream.
     * A release's id is {@code service@version}, as the query side's paths check too.
     */
    boolean plausible() {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH && id.chars().noneMatch(Character::isISOControl)
                && (notFound != ErrorCode.RELEASE_NOT_FOUND || ReleaseId.isValid(id));
    }
}
