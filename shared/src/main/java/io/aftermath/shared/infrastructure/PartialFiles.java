package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups and records are written as {@code <name>.partial} and renamed once whole, so a kill mid-write leaves
 * the partial file, which nothing else would ever remove (tester 78: a backup's 282 KB, still there after five
 * restarts). A node removes those of its own directories as it starts, before it writes any.
 */
final class PartialFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PartialFiles.class);

    private PartialFiles() {
    }

    static void removeLeftIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(directory, "*.partial")) {
            for (Path partial : partials) {
                Files.deleteIfExists(partial);
                LOG.info("Removed {}, left by a write a stop cut short", partial);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove what a write cut short left in {}: {}", directory, e.toString());
        }
    }
}
