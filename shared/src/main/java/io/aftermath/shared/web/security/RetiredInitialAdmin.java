package io.aftermath.shared.web.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

/**
 * A node given users of its own (configured, or JWT) retires the {@link InitialAdmin}: it deletes the
 * stored {@code admin} and its own {@code initial-admin-password}. Left in place, that admin would
 * come back silently on any node started without those settings (an environment variable gone
 * missing), with a password that may be the very reason users were configured. A node started later
 * without users creates a new admin with a new password, printed once, as at the first start. It runs
 * once the web server is bound, so a refused start changes nothing.
 */
final class RetiredInitialAdmin implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(RetiredInitialAdmin.class);

    private final MongoDatabase database;
    private final Path dataDir;
    private final AtomicBoolean done = new AtomicBoolean();

    RetiredInitialAdmin(MongoDatabase database, Path dataDir) {
        this.database = database;
        this.dataDir = dataDir;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (done.getAndSet(true)) {
            return;
        }
        Path file = dataDir.resolve(InitialAdmin.PASSWORD_FILE);
        try {
            long deleted = database.getCollection(InitialAdmin.COLLECTION)
                    .deleteOne(Filters.eq("_id", InitialAdmin.USERNAME)).getDeletedCount();
            boolean fileDeleted = Files.deleteIfExists(file);
            if (deleted > 0 || fileDeleted) {
                LOG.info("Users of its own configured: retired the initial admin user{}",
                        fileDeleted ? " and deleted " + file : "");
            }
        } catch (MongoException | IOException e) {
            // The node serves its configured users either way; only a node started without them is at stake.
            LOG.warn("Could not retire the initial admin user ({}): delete the users document {} and {} by hand",
                    e.toString(), new Document("_id", InitialAdmin.USERNAME).toJson(), file);
        }
    }
}
