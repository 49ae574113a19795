package io.aftermath.app.command.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.AftermathApplication;
import io.aftermath.app.support.TestUsers;

/**
 * A whole Aftermath process in this JVM, on the embedded H2 file store in {@code dataDir}, on a free
 * port: for tests about what survives a restart, or several nodes at once (each with its own event
 * loops). Close one before starting the next on the same
 * directory (the directory is locked while a node runs).
 */
public final class AppNode implements AutoCloseable {

    /** The users of application-test.yml, as command-line arguments (which outrank application.yml). */
    public static final List<String> TEST_USERS = testUsers();

    private final ConfigurableApplicationContext context;

    private AppNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static AppNode start(Path dataDir, List<String> arguments, Class<?>... extraSources) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--aftermath.data-dir=" + dataDir,
                "--aftermath.mongo.embedded.backend=h2", "--spring.main.banner-mode=off"));
        args.addAll(arguments);
        Class<?>[] sources = new Class<?>[extraSources.length + 2];
        sources[0] = AftermathApplication.class;
        sources[1] = OwnNettyResources.class;
        System.arraycopy(extraSources, 0, sources, 2, extraSources.length);
        return new AppNode(new SpringApplicationBuilder(sources).run(args.toArray(String[]::new)));
    }

    /** The real executable in a JVM of its own, on this test's classpath, with these arguments. */
    public static ProcessBuilder inOwnJvm(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), AftermathApplication.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command);
    }

    /**
     * Reactor Netty's global event loops are disposed with the first context that closes, which would
     * take down the servers of other nodes running in this JVM at the same time.
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {

        /** With the executable's quiet period (Reactor's own 2 s made every node's stop 2 s longer). */
        @Bean
        ReactorResourceFactory nodeOwnReactorResources(
                @Value("${spring.reactor.netty.shutdown-quiet-period}") Duration quietPeriod) {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            resources.setShutdownQuietPeriod(quietPeriod);
            return resources;
        }
    }

    /** The test users' arguments, then these. */
    public static List<String> arguments(String... extra) {
        List<String> arguments = new ArrayList<>(TEST_USERS);
        arguments.addAll(List.of(extra));
        return arguments;
    }

    /** The port of the embedded MongoDB a node reports in its health, for other nodes to reach it on. */
    @SuppressWarnings("rawtypes")
    public static int embeddedPort(WebTestClient node) {
        Map<?, ?> health = node.get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> ledger = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("ledger");
        return ((Number) ((Map<?, ?>) ledger.get("details")).get("port")).intValue();
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    @Override
    public void close() {
        context.close();
    }

    private static List<String> testUsers() {
        String hash = "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu";
        List<String> args = new ArrayList<>();
        List<String> users = List.of(TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER, TestUsers.AUDITOR,
                TestUsers.ADMIN);
        for (int i = 0; i < users.size(); i++) {
            args.add("--aftermath.security.users[" + i + "].username=" + users.get(i));
            args.add("--aftermath.security.users[" + i + "].password=" + hash);
            args.add("--aftermath.security.users[" + i + "].roles[0]=" + users.get(i).toUpperCase(Locale.ROOT));
        }
        return List.copyOf(args);
    }
}
