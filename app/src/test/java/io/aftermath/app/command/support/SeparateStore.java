package io.aftermath.app.command.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.aftermath.app.support.FreePorts;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;
import io.aftermath.shared.mongo.StoreSight;

/**
 * A store a node reaches through {@code aftermath.mongo.uri}, as a real MongoDB is, run apart from the node so a
 * test can take it away and bring it back on the same port: an outage the node did not cause. On a file it
 * comes back with what it held.
 */
public final class SeparateStore implements AutoCloseable {

    /** The driver notices a store gone at its next call or heartbeat (2 s), far within this on a busy machine. */
    private static final Duration NOTICED = Duration.ofSeconds(30);
    private static final Duration NOTICED_BACK = Duration.ofSeconds(60);

    private final EmbeddedMongoSettings settings;
    private EmbeddedMongoServer server;

    private SeparateStore(EmbeddedMongoSettings settings) {
        this.settings = settings;
        this.server = EmbeddedMongoServer.start(settings);
    }

    public static SeparateStore inMemory() {
        return new SeparateStore(new EmbeddedMongoSettings(Backend.MEMORY, null, FreePorts.any(), 0, false));
    }

    public static SeparateStore onFile(Path dir) {
        return new SeparateStore(new EmbeddedMongoSettings(Backend.H2, dir, FreePorts.any(), 16, false));
    }

    public int port() {
        return settings.port();
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port();
    }

    /** Takes the store away without waiting for anyone to notice. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Takes the store away and waits until {@code node}'s driver sees it gone. */
    public void stopSeenBy(AppNode node) {
        stop();
        StoreSight sight = node.bean(StoreSight.class);
        await().atMost(NOTICED).until(() -> !sight.inSight());
    }

    /** Brings the store back, holding what it held if on a file, and waits until {@code node}'s driver sees it. */
    public void restartSeenBy(AppNode node) {
        synchronized (this) {
            server = EmbeddedMongoServer.start(settings);
        }
        StoreSight sight = node.bean(StoreSight.class);
        await().atMost(NOTICED_BACK).until(sight::inSight);
    }

    @Override
    public void close() {
        stop();
    }
}
