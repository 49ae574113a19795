package io.aftermath.app.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Command-line tools some tests use when the machine has them (.ci/run installs them). */
public final class Tools {

    private Tools() {
    }

    /** Whether {@code command} (a tool's version command) runs and succeeds. */
    public static boolean installed(String... command) {
        try {
            Process version = new ProcessBuilder(List.of(command)).start();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
