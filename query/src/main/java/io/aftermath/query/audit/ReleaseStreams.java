package io.aftermath.query.audit;

import java.util.LinkedHashSet;
import java.util.Set;

import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.ticket.TicketReported;

/**
 * The streams that tell one release's story, found in the log itself: the release, its hotfix
 * releases, and every ticket reported against any of them.
 */
final class ReleaseStreams {

    private final String releaseId;
    private final Set<String> releases = new LinkedHashSet<>();
    private final Set<String> tickets = new LinkedHashSet<>();

    ReleaseStreams(String releaseId) {
        this.releaseId = releaseId;
    }

    /** Whether {@link #see} would learn anything from an event of this type: other payloads need not be read. */
    static boolean tells(String payloadType) {
        return payloadType.equals(ReleaseRegistered.class.getName())
                || payloadType.equals(TicketReported.class.getName());
    }

    void see(Object payload) {
        if (payload instanceof ReleaseRegistered registered && (registered.releaseId().equals(releaseId)
                || releases.contains(registered.hotfixOf()))) {
            releases.add(registered.releaseId());
        } else if (payload instanceof TicketReported reported && releases.contains(reported.releaseId())) {
            tickets.add(reported.ticketId());
        }
    }

    boolean contains(String streamId) {
        return releases.contains(streamId) || tickets.contains(streamId);
    }

    boolean found() {
        return releases.contains(releaseId);
    }

    Set<String> all() {
        Set<String> streams = new LinkedHashSet<>(releases);
        streams.addAll(tickets);
        return streams;
    }
}
