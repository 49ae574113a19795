package io.aftermath.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** The runners' node runs the app's own settings, and a runner's settings win over them. */
class AftermathBenchApplicationTest {

    @Test
    void startsWithTheAppsSettingsAndTheRunnersOverThem(@TempDir Path dataDir) {
        // The empty setting is a runner's option left unset: "--" alone would not start.
        try (ConfigurableApplicationContext app = AftermathBenchApplication.start(
                "aftermath.data-dir=" + dataDir, "aftermath.mongo.embedded.backend=memory", "")) {
            Environment settings = app.getEnvironment();
            // From app/src/main/resources/application.yml, which Spring's defaults do not share.
            assertThat(settings.getProperty("axon.timeout.enabled")).isEqualTo("false");
            assertThat(settings.getProperty("axon.serializer.general")).isEqualTo("jackson");
            // The runner's: the app's file names port 8080 and ./data.
            assertThat(settings.getProperty("local.server.port", Integer.class)).isNotEqualTo(8080);
            assertThat(settings.getProperty("aftermath.data-dir")).isEqualTo(dataDir.toString());
            assertThat(settings.getProperty("aftermath.mongo.embedded.backend")).isEqualTo("memory");
        }
    }
}
