package io.aftermath.command.directory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Releases known to an aggregate under test. */
public class FakeReleaseDirectory implements ReleaseDirectory {

    private static final Instant DEPLOYED_AT = Instant.parse("2025-01-01T00:00:00Z");

    private final Map<String, ReleaseFacts> releases = new HashMap<>();

    public FakeReleaseDirectory with(String service, String version) {
        return with(service, version, (String) null);
    }

    public FakeReleaseDirectory with(String service, String version, Instant deployedAt) {
        String id = service + "@" + version;
        releases.put(id, new ReleaseFacts(id, service, version, deployedAt, null));
        return this;
    }

    public FakeReleaseDirectory withHotfix(String service, String version, String hotfixOf) {
        return with(service, version, hotfixOf);
    }

    private FakeReleaseDirectory with(String service, String version, String hotfixOf) {
        String id = service + "@" + version;
        releases.put(id, new ReleaseFacts(id, service, version, DEPLOYED_AT, hotfixOf));
        return this;
    }

    @Override
    public Optional<ReleaseFacts> find(String releaseId) {
        return Optional.ofNullable(releases.get(releaseId));
    }
}
