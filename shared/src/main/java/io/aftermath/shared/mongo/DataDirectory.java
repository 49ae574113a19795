package io.aftermath.shared.mongo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's directory, held with an exclusive lock for the life of the process so that a
 * second node on the same directory stops at once with a plain explanation instead of corrupting it.
 */
public final class DataDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final String LOCK_FILE = "aftermath.lock";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirectory open(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new DataDirectoryException("data directory " + absolute + " is a file, not a directory");
        }
        try {
            createOwnerOnlyDirectories(absolute);
        } catch (IOException e) {
            throw new DataDirectoryException("cannot create data directory " + absolute + ": " + reason(e), e);
        }
        if (!Files.isWritable(absolute)) {
            throw new DataDirectoryException("data directory " + absolute + " is not writable");
        }
        if (sharedWithOthers(absolute)) {
            LOG.warn("Data directory {} can be read by other users of this host; it holds the users' password "
                    + "hashes and every event: chmod 700 it", absolute);
        }
        FileChannel channel = null;
        try {
            channel = openOwnerOnly(absolute.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw locked(absolute, null);
            }
            return new DataDirectory(absolute, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw locked(absolute, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataDirectoryException("data directory " + absolute + " is not usable: " + reason(e), e);
        } catch (DataDirectoryException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * A new directory is its owner's alone: the data directory's files hold the users' password hashes
     * and every event. One that exists is left as its owner made it (a deployment may share it with a
     * group on purpose).
     */
    public static Path createOwnerOnlyDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        try {
            return Files.createDirectories(directory, OWNER_ONLY_DIRECTORY);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createDirectories(directory);
        }
    }

    /** Whether anyone but the owner may enter, list or change {@code directory}; false where there are no POSIX permissions. */
    static boolean sharedWithOthers(Path directory) {
        try {
            return Files.getPosixFilePermissions(directory).stream().anyMatch(OTHERS::contains);
        } catch (UnsupportedOperationException | IOException unknown) {
            return false;
        }
    }

    /**
     * Creates {@code file} readable and writable by its owner only, from the start, never readable by
     * others even for a moment: for what holds secrets (the initial password, backups with the users'
     * password hashes). Where the file system has no POSIX permissions, a plain file.
     */
    public static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, OWNER_ONLY_FILE);
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** Opens {@code file} with {@code options}; if they create it, it is created readable by its owner only. */
    public static FileChannel openOwnerOnly(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> opening = Set.of(options);
        try {
            return FileChannel.open(file, opening, OWNER_ONLY_FILE);
        } catch (UnsupportedOperationException notPosix) {
            return FileChannel.open(file, opening);
        }
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /**
     * Refuses the file {@code name} if it exists and cannot be opened for writing: read-only,
     * immutable, on a read-only mount, or no file at all. Asking the file system to open it is the
     * one answer that holds for root too, for whom permission bits are no obstacle.
     */
    public void requireWritable(String name) {
        Path file = resolve(name);
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel writable = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // Opened for writing, nothing written: the store opens it again itself.
        } catch (IOException e) {
            throw new DataDirectoryException("cannot write " + file + ": " + reason(e), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(channel);
    }

    private static DataDirectoryException locked(Path path, Throwable cause) {
        return new DataDirectoryException("data directory " + path
                + " is locked by another running Aftermath process; stop it or choose another aftermath.data-dir", cause);
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
