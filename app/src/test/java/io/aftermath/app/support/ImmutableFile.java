package io.aftermath.app.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A file the system refuses to write even to root, who may write a file of any mode: Linux's
 * immutable flag ({@code chattr +i}). Setting it needs {@code CAP_LINUX_IMMUTABLE} and a file system
 * that has the flag; a test that needs it is skipped, saying so, where that is missing. Closing clears
 * the flag, so the test's directory can be deleted.
 */
public final class ImmutableFile implements AutoCloseable {

    private final Path file;

    private ImmutableFile(Path file) {
        this.file = file;
    }

    public static ImmutableFile make(Path file) throws IOException, InterruptedException {
        assumeTrue(chattr("+i", file), "chattr +i " + file + " failed: no CAP_LINUX_IMMUTABLE, or a file system "
                + "without the immutable flag; skipping");
        return new ImmutableFile(file);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!chattr("-i", file)) {
            throw new IllegalStateException("chattr -i " + file + " failed: the file stays immutable");
        }
    }

    private static boolean chattr(String flag, Path file) throws IOException, InterruptedException {
        Process chattr;
        try {
            chattr = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noChattr) {
            return false;
        }
        return chattr.waitFor(30, TimeUnit.SECONDS) && chattr.exitValue() == 0;
    }
}
