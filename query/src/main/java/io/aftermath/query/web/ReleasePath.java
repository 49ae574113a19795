package io.aftermath.query.web;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.release.ReleaseId;

/**
 * A release id from a request's path ({@code /api/releases/{releaseId}/…}). One no release could have names
 * no resource, so it is 404 there and then: before, it waited for {@code after} and asked the store, which
 * answered 503 while out of sight (tester 58: {@code nope}, {@code a@b@c}). Checked after the request's
 * parameters, so a malformed one is 400 whatever the path names, as for a release that exists (tester 59). A
 * query parameter so malformed is 400 instead ({@link ReleaseIdParameter}): there the request is wrong.
 */
public final class ReleasePath {

    private ReleasePath() {
    }

    public static String id(String releaseId) {
        if (!ReleaseId.isValid(releaseId)) {
            throw new DomainRejection(ErrorCode.RELEASE_NOT_FOUND,
                    "No release " + releaseId + ": a release id is service@version");
        }
        return releaseId;
    }
}
