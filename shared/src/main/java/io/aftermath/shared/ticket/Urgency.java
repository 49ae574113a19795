package io.aftermath.shared.ticket;

public enum Urgency {
    HIGH, MEDIUM, LOW
}
