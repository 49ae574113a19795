package io.aftermath.query.projection;

import java.util.List;

/** The processing groups (and processors) of the read side, one per read model. */
public final class ProjectionNames {

    public static final String TRIAGE = "triage";
    public static final String TICKETS = "tickets";
    public static final String RELEASES = "releases";
    public static final String TIMELINES = "timelines";
    public static final String SEARCH = "postmortem-search";

    /** The projections kept in MongoDB and shared by every query node. */
    public static final List<String> SHARED = List.of(TRIAGE, TICKETS, RELEASES, TIMELINES);

    public static final List<String> ALL = List.of(TRIAGE, TICKETS, RELEASES, TIMELINES, SEARCH);

    private ProjectionNames() {
    }
}
