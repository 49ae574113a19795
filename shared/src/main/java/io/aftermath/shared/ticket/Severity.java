package io.aftermath.shared.ticket;

/** Impact: S1 outage or data loss, S2 major feature broken, S3 minor or with workaround, S4 cosmetic. */
public enum Severity {
    S1, S2, S3, S4
}
