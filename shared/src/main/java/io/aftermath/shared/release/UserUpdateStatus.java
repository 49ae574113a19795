package io.aftermath.shared.release;

/** The public status told to users. */
public enum UserUpdateStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED
}
