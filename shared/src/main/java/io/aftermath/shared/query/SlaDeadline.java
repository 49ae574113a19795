package io.aftermath.shared.query;

import java.time.Instant;

import org.springframework.lang.Nullable;

/**
 * A service-level target measured from the report.
 *
 * @param dueAt    reportedAt plus the target of the ticket's current priority
 * @param metAt    when the target was met (acknowledged or resolved), or null while it is pending
 * @param breached met after {@code dueAt}, or still pending after {@code dueAt} at read time
 */
public record SlaDeadline(Instant dueAt, @Nullable Instant metAt, boolean breached) {
}
