package io.aftermath.query.web;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.release.ReleaseId;

/**
 * A {@code releaseId} query parameter. A value no release could be named by is refused rather than
 * looked up and reported unknown. A comma is never in a release id: a value holding one is a list
 * written the way the API does not take one, or two parameters Spring joined into one.
 */
public final class ReleaseIdParameter {

    private static final String ONE = "must be one release id, service@version; ";

    private ReleaseIdParameter() {
    }

    /** One release or none (absent or blank); {@code takesOne} says why a list is refused. */
    public static String single(String value, String takesOne) {
        String releaseId = QueryValue.of(value);
        return releaseId == null ? null : checked(releaseId, takesOne);
    }

    /** One value of a parameter that may repeat; {@code howToList} says how to ask for several. */
    static String checked(String releaseId, String howToList) {
        if (releaseId.indexOf(',') >= 0) {
            throw new InvalidParameter("releaseId", ONE + howToList);
        }
        if (!ReleaseId.isValid(releaseId)) {
            throw new InvalidParameter("releaseId", "must be a release id, service@version"
                    + UnencodedPlus.inReleaseId(releaseId));
        }
        return releaseId;
    }
}
