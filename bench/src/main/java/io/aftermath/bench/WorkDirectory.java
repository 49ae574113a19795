package io.aftermath.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory for one benchmark run, deleted with everything in it when the run ends,
 * however it ends: a full {@link LedgerBench} leaves about 3 GB of H2 files, and runners that kept
 * theirs filled the disk a few dozen runs later.
 */
final class WorkDirectory implements AutoCloseable {

    private final Path path;

    private WorkDirectory(Path path) {
        this.path = path;
    }

    static WorkDirectory create(String prefix) throws IOException {
        return new WorkDirectory(Files.createTempDirectory(prefix));
    }

    Path path() {
        return path;
    }

    /** A new directory inside this one, for one store of the run. */
    Path newDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(path, prefix);
    }

    /** Deletes the directory; what cannot be deleted is named, and the run's result stands. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(WorkDirectory::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete the benchmark's work directory " + path + ": " + e.getMessage());
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
