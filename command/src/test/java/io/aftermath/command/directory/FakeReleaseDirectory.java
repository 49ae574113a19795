package io.aftermath.command.directory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Releases known to an aggregate under test. */
public class FakeReleaseDirectory implements ReleaseDirectory {

    private final Map<String, ReleaseFacts> releases = new HashMap<>();

    public FakeReleaseDirectory with(String service, String version) {
        return with(service, version, null);
    }

    public FakeReleaseDirectory withHotfix(String service, String version, String hotfixOf) {
        return with(service, version, hotfixOf);
    }

    private FakeReleaseDirectory with(String service, String version, String hotfixOf) {
        String id = service + "@" + version;
        releases.put(id, new ReleaseFacts(id, service, version, Instant.parse("2025-01-01T00:00:00Z"), hotfixOf));
        return this;
    }

    @Override
    public Optional<ReleaseFacts> find(String releaseId) {
        return Optional.ofNullable(releases.get(releaseId));
    }
}
