package io.aftermath.command.directory;

import java.time.Instant;

/** What other aggregates may know about a release: that it exists, and what it is. */
public record ReleaseFacts(String releaseId, String service, String version, Instant deployedAt, String hotfixOf) {
}
