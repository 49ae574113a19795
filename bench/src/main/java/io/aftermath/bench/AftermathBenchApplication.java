package io.aftermath.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.infrastructure.LedgerConfiguration;
import io.aftermath.shared.metadata.MetadataConfiguration;
import io.aftermath.shared.web.WebConfiguration;

/**
 * The application as {@code AftermathApplication} assembles it (that class lives in the app module), with the
 * app's own {@code application.yml}, which this module's build puts on its classpath: a runner measures the
 * settings that ship, not Spring's defaults (which, for one, keep Axon's handler timeouts on).
 */
@SpringBootApplication(scanBasePackages = "io.aftermath.bench.none")
@Import({LedgerConfiguration.class, MetadataConfiguration.class, WebConfiguration.class, CommandSide.class,
        QuerySide.class})
public class AftermathBenchApplication {

    /** The one user the runners that go through HTTP sign in as: {@code admin}, password {@code secret}. */
    static final String[] ADMIN = {"aftermath.security.users[0].username=admin",
            "aftermath.security.users[0].password={bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu",
            "aftermath.security.users[0].roles[0]=ADMIN"};

    /** The {@code Authorization} header of {@link #ADMIN}'s user. */
    static final String ADMIN_AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));

    /** A runner's node listens on any free HTTP port unless told one, where the app's file names 8080. */
    private static final String ANY_PORT = "server.port=0";

    /** A node of its own (a runner's other nodes): {@code key=value} settings, as {@link #start(String...)}. */
    public static void main(String[] settings) {
        start(settings);
    }

    /** A tool of the JDK this runner runs on ({@code java}, {@code jstat}), for the processes a runner starts. */
    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** {@link #start(Class[], String...)} of this application alone. */
    static ConfigurableApplicationContext start(String... settings) {
        return start(new Class<?>[] {AftermathBenchApplication.class}, settings);
    }

    /**
     * Starts the application from {@code sources} with {@code settings} ({@code key=value}; an empty one is left
     * out) over the app's file. They go in as command-line arguments because Spring's default properties rank
     * below {@code application.yml}, whose port and data directory would then win.
     */
    static ConfigurableApplicationContext start(Class<?>[] sources, String... settings) {
        // A runner does not phone home either (the app's main sets the same).
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        boolean portGiven = Arrays.stream(settings).anyMatch(setting -> setting.startsWith("server.port="));
        String[] arguments = Stream.concat(portGiven ? Stream.empty() : Stream.of(ANY_PORT), Arrays.stream(settings))
                .filter(setting -> !setting.isEmpty()).map(setting -> "--" + setting).toArray(String[]::new);
        return new SpringApplicationBuilder(sources).run(arguments);
    }

    /** The settings followed by {@link #ADMIN}'s. */
    static String[] withAdmin(String... settings) {
        return Stream.concat(Arrays.stream(settings), Arrays.stream(ADMIN)).toArray(String[]::new);
    }
}
