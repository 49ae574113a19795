package io.aftermath.command.directory;

import java.util.Optional;

/** Lets an aggregate check a release it refers to without loading (and locking) that release. */
public interface ReleaseDirectory {

    Optional<ReleaseFacts> find(String releaseId);
}
