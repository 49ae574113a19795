package io.aftermath.shared.ticket;

public enum TicketStatus {
    REPORTED, TRIAGED, IN_PROGRESS, RESOLVED, DUPLICATE, REOPENED;

    /** Closed tickets take no triage until reopened. */
    public boolean isClosed() {
        return this == RESOLVED || this == DUPLICATE;
    }
}
