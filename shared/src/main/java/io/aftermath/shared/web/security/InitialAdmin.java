package io.aftermath.shared.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.shared.mongo.DataDirectory;

/**
 * The first start without any configured user creates {@code admin} with a random password: printed
 * once to stdout, written to {@code <data-dir>/initial-admin-password} (mode 600), and kept in MongoDB
 * ({@value #COLLECTION}) only as a BCrypt hash, so later starts (and other nodes) reuse it silently.
 * {@link InitialAdminDirectory} calls it once the web server is bound, so a refused start creates none.
 */
final class InitialAdmin {

    static final String USERNAME = "admin";
    static final String COLLECTION = "users";
    static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private InitialAdmin() {
    }

    static UserDetails ensure(MongoDatabase database, Path dataDir, PasswordEncoder encoder, Clock clock) {
        MongoCollection<Document> users = database.getCollection(COLLECTION);
        Document existing = users.find(Filters.eq("_id", USERNAME)).first();
        if (existing != null) {
            return user(existing);
        }
        String password = randomPassword();
        Document admin = new Document("_id", USERNAME)
                .append("password", encoder.encode(password))
                .append("roles", List.of(Role.ADMIN.name()))
                .append("createdAt", Date.from(clock.instant()));
        try {
            users.insertOne(admin);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another node created it first; its password is the one that counts.
            return user(users.find(Filters.eq("_id", USERNAME)).first());
        }
        Path file = dataDir.resolve(PASSWORD_FILE);
        boolean written = writeOwnerOnly(file, password);
        System.out.println("aftermath: created user '" + USERNAME + "' (role ADMIN) with password: " + password);
        System.out.println("aftermath: " + (written ? "it is also in " + file + " (mode 600); " : "")
                + "it will not be shown again. Configure aftermath.security.users to replace it.");
        LOG.warn("No users configured: created the initial admin user (password printed once to stdout{})",
                written ? " and written to " + file : "");
        return user(admin);
    }

    private static UserDetails user(Document document) {
        List<String> roles = document.getList("roles", String.class);
        return User.withUsername(document.getString("_id"))
                .password(document.getString("password"))
                .roles(roles.toArray(String[]::new))
                .build();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Created with mode 600 from the start (never readable by others, not even for a moment), then moved in place. */
    private static boolean writeOwnerOnly(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            DataDirectory.createOwnerOnly(temporary);
            Files.writeString(temporary, password + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.warn("Could not write {}: {}", file, e.toString());
            return false;
        }
    }
}
