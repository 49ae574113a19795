package io.aftermath.shared.ticket;

/** Derived from severity and urgency, never typed by a person. */
public enum Priority {
    P1, P2, P3, P4;

    public static Priority of(Severity severity, Urgency urgency) {
        return switch (severity) {
            case S1 -> pick(urgency, P1, P1, P2);
            case S2 -> pick(urgency, P1, P2, P3);
            case S3 -> pick(urgency, P2, P3, P4);
            case S4 -> pick(urgency, P3, P4, P4);
        };
    }

    private static Priority pick(Urgency urgency, Priority high, Priority medium, Priority low) {
        return switch (urgency) {
            case HIGH -> high;
            case MEDIUM -> medium;
            case LOW -> low;
        };
    }
}
