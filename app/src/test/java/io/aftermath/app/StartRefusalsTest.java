package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.CredentialRefusingMongo;
import io.aftermath.app.support.ImmutableFile;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

/**
 * The real executable in its own JVM, started with a configuration it cannot honour: whichever bean
 * finds that out, the start ends with one line on stderr, no stack trace, and exit code 2, like a
 * locked data directory (see {@code GracefulRestartTest}).
 */
class StartRefusalsTest {

    private static final Path UNPRIVILEGED_PORT_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    @TempDir
    Path dir;

    @Test
    void a_backup_schedule_on_the_memory_backend_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Refusal refusal = start("--aftermath.mongo.embedded.backend=memory", "--aftermath.backup.interval=1h");

        refusal.assertOneLine("aftermath: aftermath.backup.interval is set, but no backup can be taken: "
                + "The embedded store runs in memory (aftermath.mongo.embedded.backend=memory): there is no file");
        // Tester 33: the data directory was made and locked before the refusal.
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /**
     * Tester 154: the memory backend on a data directory holding an H2 ledger started an empty ledger without a
     * word, and wrote its new admin's password over the one the ledger's admin signs in with.
     */
    @Test
    void the_memory_backend_on_a_data_directory_holding_a_ledger_is_refused_and_the_password_file_kept() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve(EmbeddedMongoServer.STORE_FILE), "a ledger");
        Files.writeString(data.resolve("initial-admin-password"), "the ledger's admin password");

        Refusal refusal = startWith(List.of("--server.port=0", "--aftermath.mongo.embedded.backend=memory"));

        refusal.assertOneLine("aftermath: aftermath.mongo.embedded.backend=memory keeps nothing on disk, and "
                + data.resolve(EmbeddedMongoServer.STORE_FILE) + " holds a ledger it would not open; leave the "
                + "backend at h2 for that ledger, or give the memory backend another aftermath.data-dir");
        assertThat(data.resolve("initial-admin-password")).hasContent("the ledger's admin password");
    }

    @Test
    void a_checkpoint_schedule_whose_directory_cannot_be_made_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Path taken = Files.writeString(dir.resolve("a-file"), "not a directory");

        Refusal refusal = start("--aftermath.mongo.embedded.backend=memory", "--aftermath.checkpoint.interval=1h",
                "--aftermath.checkpoint.dir=" + taken.resolve("checkpoints"));

        refusal.assertOneLineStartingWith("aftermath: aftermath.checkpoint.dir=" + taken.resolve("checkpoints")
                + " cannot be created: ");
        // Tester 37: refused only once the data directory had been made and locked.
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void a_backup_schedule_on_a_real_mongodb_is_refused_with_one_line_and_exit_code_2() throws Exception {
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(EmbeddedMongoSettings.inMemory())) {
            Refusal refusal = start("--aftermath.mongo.uri=" + mongo.connectionString(),
                    "--aftermath.backup.interval=6h");

            refusal.assertOneLine("aftermath: aftermath.backup.interval is set, but no backup can be taken: "
                    + "This node uses the MongoDB of aftermath.mongo.uri: back up the node whose embedded store "
                    + "that is, or use MongoDB's own means (mongodump, volume snapshots)");
        }
    }

    /**
     * Before: refused only once the ledger engine had connected, so with the store down the start
     * waited out the 30 s server selection and ended with exit code 1 and a MongoTimeoutException.
     */
    @Test
    void a_backup_schedule_with_an_unreachable_mongodb_is_refused_at_once_with_one_line_and_exit_code_2()
            throws Exception {
        long started = System.nanoTime();
        Refusal refusal = start("--aftermath.mongo.uri=mongodb://127.0.0.1:" + closedPort()
                + "/?serverSelectionTimeoutMS=30000", "--aftermath.backup.interval=1h");
        // With the JVM start included: the refusal that came after connecting waited out the whole 30 s.
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        refusal.assertOneLine("aftermath: aftermath.backup.interval is set, but no backup can be taken: "
                + "This node uses the MongoDB of aftermath.mongo.uri: back up the node whose embedded store "
                + "that is, or use MongoDB's own means (mongodump, volume snapshots)");
        assertThat(took).as("refused before anything waited on the store").isLessThan(Duration.ofSeconds(30));
    }

    /**
     * Tester 154: a journal deleted after a kill -9 lost the last second's acknowledged commits without a word. A
     * node started on the store file alone is now refused; an empty journal in the missing one's place opens it.
     */
    @Test
    void a_store_killed_then_started_without_its_journal_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Path data = dir.resolve("data");
        Process killed = running();
        killed.toHandle().destroyForcibly();
        assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<Path> journals;
        try (Stream<Path> files = Files.list(data)) {
            journals = files.filter(file -> file.getFileName().toString().startsWith("aftermath-journal-")).toList();
        }
        assertThat(journals).isNotEmpty();
        for (Path journal : journals) {
            Files.delete(journal);
        }

        Refusal refusal = start();

        refusal.assertOneLineStartingWith("aftermath: the store file in " + data.toAbsolutePath()
                + " was not closed cleanly and its journal aftermath-journal-");
        Matcher missing = Pattern.compile("its journal (aftermath-journal-\\d+\\.log) is missing")
                .matcher(refusal.stderr());
        assertThat(missing.find()).as(refusal.stderr()).isTrue();
        Files.createFile(data.resolve(missing.group(1)));
        Process reopened = running();
        reopened.destroy();
        assertThat(reopened.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** A node on this test's data directory, once it answers its health check. */
    private Process running() throws IOException {
        int port = closedPort();
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.addAll(List.of("--server.port=" + port, "--aftermath.data-dir=" + dir.resolve("data")));
        Process node = AppNode.inOwnJvm(arguments).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (RuntimeException e) {
            node.destroyForcibly();
            throw e;
        }
        return node;
    }

    /**
     * A node on {@code aftermath.mongo.uri} keeps its search index in its data directory, so it holds
     * that directory too. Before: it took no lock; a second process on the directory (embedded: after
     * creating its store file, lock and journal there) died on the search index's write lock with exit
     * code 1 and a stack trace.
     */
    @Test
    void a_data_directory_held_by_a_node_on_a_mongodb_uri_is_refused_with_one_line_and_exit_code_2()
            throws Exception {
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(EmbeddedMongoSettings.inMemory())) {
            int port = closedPort();
            List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
            arguments.addAll(List.of("--server.port=" + port, "--aftermath.data-dir=" + dir.resolve("data"),
                    "--aftermath.mongo.uri=" + mongo.connectionString()));
            Process first = AppNode.inOwnJvm(arguments).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> http.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                List<Path> before = entries(dir.resolve("data"));
                String locked = "aftermath: data directory " + dir.resolve("data").toAbsolutePath()
                        + " is locked by another running Aftermath process; stop it or choose another "
                        + "aftermath.data-dir";

                start("--aftermath.mongo.uri=" + mongo.connectionString()).assertOneLine(locked);
                start().assertOneLine(locked);

                assertThat(entries(dir.resolve("data"))).as("nothing written into the held directory")
                        .isEqualTo(before);
                assertThat(first.isAlive()).as("the first node still runs").isTrue();
            } finally {
                first.destroy();
                if (!first.waitFor(60, TimeUnit.SECONDS)) {
                    first.destroyForcibly();
                }
            }
        }
    }

    @Test
    void a_store_file_that_is_no_file_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Path store = Files.createDirectories(dir.resolve("data").resolve(EmbeddedMongoServer.STORE_FILE));

        Refusal refusal = start();

        refusal.assertOneLine("aftermath: cannot write " + store + ": FileSystemException " + store
                + ": Is a directory");
    }

    /** Before: H2 opened it read-only, and the start failed at the first commit with a stack trace. */
    @Test
    void a_store_file_the_system_will_not_write_is_refused_with_one_line_and_exit_code_2() throws Exception {
        EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir.resolve("data"))).close();
        Path store = dir.resolve("data").resolve(EmbeddedMongoServer.STORE_FILE).toAbsolutePath();

        try (ImmutableFile immutable = ImmutableFile.make(store)) {
            Refusal refusal = start();

            refusal.assertOneLine("aftermath: cannot write " + store + ": FileSystemException " + store
                    + ": Operation not permitted");
        }
    }

    /** Before: exit code 1 and a stack trace ending in IllegalStateException. */
    @Test
    void a_user_without_roles_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Path settings = Files.writeString(dir.resolve("users.yml"), """
                aftermath:
                  security:
                    users:
                      - username: dana
                        password: "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu"
                        roles: []
                """);

        Refusal refusal = startWith(List.of("--server.port=0", "--spring.config.additional-location=file:" + settings));

        refusal.assertOneLine("aftermath: aftermath.security.users: user dana has no roles; give it one or more of "
                + "[REPORTER, TRIAGER, RESPONDER, AUDITOR, ADMIN]");
        // Tester 33: refused only once the embedded store had been created in the data directory.
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Before: Spring joined the two values, and the node opened a data directory named "first,second". */
    @Test
    void an_option_given_twice_is_refused_with_one_line_naming_it_and_no_directory_is_made() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");

        Refusal refusal = start("--aftermath.data-dir=" + first, "--aftermath.data-dir=" + second);

        refusal.assertOneLine("aftermath: --aftermath.data-dir is given 3 times; give it once");
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(first).doesNotExist();
        try (Stream<Path> made = Files.list(dir)) {
            assertThat(made).noneMatch(path -> path.getFileName().toString().contains(","));
        }
    }

    /** Before (tester 21): refused 20 to 45 s in, once the embedded store had been created in the data directory. */
    @Test
    void a_setting_out_of_range_is_refused_before_the_data_directory_is_touched() throws Exception {
        Refusal refusal = start("--aftermath.commands.threads=0");

        refusal.assertOneLine("aftermath: aftermath.commands.threads=0 is less than the minimum of 1");
        assertThat(dir.resolve("data")).doesNotExist();
        // Two settings judged together (tester 24: refused only once the store had been opened).
        start("--aftermath.query.processors.claim-extension=20s").assertOneLine("aftermath: "
                + "aftermath.query.processors.claim-extension=20s is not shorter than aftermath.ledger.claim-timeout=10s: "
                + "a processor's claim would lapse before it renews it; keep claim-extension well below claim-timeout");
        assertThat(dir.resolve("data")).doesNotExist();
        start("--aftermath.query.stale-after=1s").assertOneLine("aftermath: aftermath.query.stale-after=1s is not "
                + "longer than aftermath.query.processors.claim-extension=1s: reads of a projection another node runs "
                + "would say stale while it is current; keep stale-after well above claim-extension");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Tester 80: a misspelt key was ignored without a word, and the node ran without the backups asked for. */
    @Test
    void a_key_that_is_no_setting_is_refused_with_one_line_naming_it_before_the_data_directory_is_touched()
            throws Exception {
        start("--aftermath.bakup.interval=1h").assertOneLine("aftermath: aftermath.bakup.interval is no setting of "
                + "Aftermath (misspelt?); the README's Configuration lists them");
        ProcessBuilder fromTheEnvironment = executable(List.of("--server.port=0"));
        fromTheEnvironment.environment().put("AFTERMATH_MONGO_EMBEDED_PORT", "1");
        run(fromTheEnvironment).assertOneLine("aftermath: aftermath.mongo.embeded.port (environment variable "
                + "AFTERMATH_MONGO_EMBEDED_PORT) is no setting of Aftermath (misspelt?); the README's Configuration "
                + "lists them");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Tester 80: refused once the node had started, 23 s in, leaving a store and an admin password behind. */
    @Test
    void a_demo_flag_that_is_neither_true_nor_false_is_refused_before_the_data_directory_is_touched()
            throws Exception {
        start("--aftermath.demo=sure").assertOneLine("aftermath: aftermath.demo=sure cannot be converted to Boolean: "
                + "Invalid boolean value 'sure'");
        start("--demo=sure").assertOneLine("aftermath: demo=sure cannot be converted to Boolean: Invalid boolean "
                + "value 'sure'");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Before: the node ran the command role alone and answered every read 421. */
    @Test
    void an_unknown_role_is_refused_with_one_line_naming_the_roles() throws Exception {
        Refusal refusal = start("--aftermath.roles=command,qurey");

        refusal.assertOneLine("aftermath: aftermath.roles=command,qurey: unknown role qurey; the roles are "
                + "command, query");
    }

    /** Before: the node started with no role and answered every request 421 or 405. */
    @Test
    void a_role_list_that_names_no_role_is_refused_with_one_line_naming_the_roles() throws Exception {
        start("--aftermath.roles=").assertOneLine("aftermath: aftermath.roles= names no role; give one or more of "
                + "command, query");
        start("--aftermath.roles= , ,").assertOneLine("aftermath: aftermath.roles= , , names no role; give one or "
                + "more of command, query");
    }

    /** Before: exit code 1 and a stack trace ending in IllegalStateException: Duplicate key dana. */
    @Test
    void a_user_listed_twice_is_refused_with_one_line_naming_both_entries() throws Exception {
        Path settings = Files.writeString(dir.resolve("users.yml"), """
                aftermath:
                  security:
                    users:
                      - username: dana
                        password: "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu"
                        roles: [ADMIN]
                      - username: eli
                        password: "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu"
                        roles: [REPORTER]
                      - username: dana
                        password: "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu"
                        roles: [REPORTER]
                """);

        Refusal refusal = startWith(List.of("--server.port=0", "--spring.config.additional-location=file:" + settings));

        refusal.assertOneLine("aftermath: aftermath.security.users: user dana is listed twice (users[0] and "
                + "users[2]); keep one entry per user");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Before: exit code 1 and Spring Boot's "APPLICATION FAILED TO START" report on stdout. */
    @Test
    void a_value_that_does_not_convert_is_refused_with_one_line_naming_the_property_and_the_value()
            throws Exception {
        Refusal refusal = start("--aftermath.mongo.embedded.backend=memory", "--aftermath.backup.interval=abc");

        refusal.assertOneLine("aftermath: aftermath.backup.interval=abc cannot be converted to Duration: "
                + "'abc' is not a valid duration");
    }

    /** Before: exit code 1 and the report on stdout; then (tester 36) one line, after the data directory was made. */
    @Test
    void an_http_port_that_is_no_number_is_refused_with_one_line_naming_it_leaving_no_data_dir() throws Exception {
        Refusal refusal = startWith(List.of("--server.port=abc"));

        refusal.assertOneLine("aftermath: server.port=abc is no port number: give one from 0 to 65535 "
                + "(0 takes any free port)");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Tester 36: exit code 1 and a stack trace, after the data directory had been made. */
    @Test
    void an_http_port_out_of_range_or_a_negative_idle_timeout_is_refused_with_one_line_leaving_no_data_dir()
            throws Exception {
        startWith(List.of("--server.port=70000"))
                .assertOneLine("aftermath: server.port=70000 is more than the maximum of 65535");
        startWith(List.of("--server.port=+70000"))
                .assertOneLine("aftermath: server.port=70000 is more than the maximum of 65535");
        startWith(List.of("--server.port=0", "--server.netty.idle-timeout=-5s"))
                .assertOneLine("aftermath: server.netty.idle-timeout=-5s is shorter than the minimum of 0s");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Tester 36: accepted, then every keyed write answered 500 (an instant past the last one). */
    @Test
    void a_duration_over_a_century_is_refused_with_one_line() throws Exception {
        startWith(List.of("--server.port=0", "--aftermath.idempotency.ttl=999999999999d"))
                .assertOneLine("aftermath: aftermath.idempotency.ttl=999999999999d is longer than the maximum of "
                        + "36500d (a century)");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Before: exit code 1, 92 KB of stack trace on stdout, nothing on stderr. */
    @Test
    void an_embedded_mongodb_port_in_use_is_refused_with_one_line_and_exit_code_2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Refusal refusal = start("--aftermath.mongo.embedded.port=" + port);

            refusal.assertOneLine("aftermath: aftermath.mongo.embedded.port=" + port + ": cannot listen on 127.0.0.1:"
                    + port + " (Address already in use); choose another port, or 0 for any free one");
        }
    }

    /**
     * Before: exit code 1 and Spring Boot's report, after the initial admin had been created and its
     * password printed and written into the data directory of a node that never served a request.
     */
    @Test
    void an_http_port_in_use_is_refused_with_one_line_and_creates_no_initial_admin() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            Refusal refusal = startWith(List.of("--server.port=" + port));

            refusal.assertOneLine("aftermath: server.port=" + port + ": the port is already in use; stop what listens "
                    + "there or choose another server.port");
            assertThat(refusal.stdout()).doesNotContain("created user");
            // Tester 154: found as the server started, about 25 s in, after the store had been opened.
            assertThat(dir.resolve("data")).as("refused before the data directory is touched").doesNotExist();
        }
    }

    /**
     * Before: "the port is already in use", Spring Boot's words for any port Reactor Netty could not
     * bind. Root, which may bind port 80, starts the node without that capability.
     */
    @Test
    void a_port_the_node_may_not_listen_on_is_refused_with_one_line_saying_so() throws Exception {
        int port = 80;
        // Not readString: it stops after the first byte of a /proc file, which claims to be empty.
        assumeTrue(Integer.parseInt(Files.readAllLines(UNPRIVILEGED_PORT_START).get(0).strip()) > port,
                "port " + port + " needs no privilege on this machine");
        ProcessBuilder node = executable(List.of("--server.port=" + port));
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
            assumeTrue(Files.isExecutable(SETPRIV), "setpriv takes root's capability to bind port " + port);
            node.command().addAll(0, List.of(SETPRIV.toString(), "--bounding-set=-net_bind_service",
                    "--inh-caps=-net_bind_service"));
        }

        Refusal refusal = run(node);

        refusal.assertOneLine("aftermath: server.port=80: not permitted to listen on port 80 (Permission denied); "
                + "choose a port from 1024 up, or give the process CAP_NET_BIND_SERVICE");
    }

    /** Before: "the port is already in use" too. 192.0.2.1 is a documentation address, no machine's. */
    @Test
    void an_http_address_the_machine_does_not_have_is_refused_with_one_line_naming_it() throws Exception {
        int port = closedPort();

        Refusal refusal = startWith(List.of("--server.address=192.0.2.1", "--server.port=" + port));

        refusal.assertOneLine("aftermath: server.port=" + port + ": cannot listen on 192.0.2.1:" + port
                + " (Cannot assign requested address); check server.address and server.port");
    }

    /** Before: the key set was ignored, and the node ran HTTP Basic with a newly created admin. */
    @Test
    void a_jwk_set_without_an_issuer_is_refused_with_one_line_naming_both() throws Exception {
        Refusal refusal = startWith(List.of("--server.port=0",
                "--aftermath.security.jwt.jwk-set-uri=https://issuer.example/jwks"));

        refusal.assertOneLine("aftermath: aftermath.security.jwt.jwk-set-uri is set but "
                + "aftermath.security.jwt.issuer-uri is not: JWT mode needs both (tokens are checked against the "
                + "issuer), HTTP Basic neither");
        assertThat(dir.resolve("data").resolve("initial-admin-password")).doesNotExist();
    }

    /** Before: exit code 1 and a MongoTimeoutException's stack trace, once the wait was over. */
    @Test
    void a_query_node_whose_mongodb_does_not_answer_is_refused_with_one_line_after_the_wait() throws Exception {
        int port = closedPort();

        Refusal refusal = start("--aftermath.roles=query",
                "--aftermath.mongo.uri=mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000");

        refusal.assertOneLine("aftermath: no MongoDB answered at 127.0.0.1:" + port + " (aftermath.mongo.uri) within "
                + "2000 ms (its serverSelectionTimeoutMS); start it, or point aftermath.mongo.uri at one that runs");
    }

    /** Before: exit code 1 and a MongoSecurityException's stack trace. */
    @Test
    void a_mongodb_that_refuses_the_credentials_is_refused_with_one_line_naming_the_user() throws Exception {
        try (CredentialRefusingMongo mongo = new CredentialRefusingMongo()) {
            Refusal refusal = start("--aftermath.mongo.uri=mongodb://dana:wrong@" + mongo.hostAndPort()
                    + "/?authSource=admin");

            refusal.assertOneLine("aftermath: the MongoDB at " + mongo.hostAndPort() + " (aftermath.mongo.uri) "
                    + "refused the credentials of user dana (authSource admin): Authentication failed.; fix the "
                    + "user, password or authSource in aftermath.mongo.uri");
            assertThat(refusal.stderr() + refusal.stdout()).doesNotContain("wrong");
        }
    }

    /** Starts the executable on {@code dir/data} with the test users and these settings and waits for it to end. */
    Refusal start(String... settings) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--server.port=0");
        arguments.addAll(List.of(settings));
        return startWith(arguments);
    }

    /** As {@link #start} with only these arguments (and the data directory): no users, no port. */
    Refusal startWith(List<String> settings) throws IOException, InterruptedException {
        return run(executable(settings));
    }

    private ProcessBuilder executable(List<String> settings) {
        List<String> arguments = new ArrayList<>(List.of("--aftermath.data-dir=" + dir.resolve("data")));
        arguments.addAll(settings);
        return AppNode.inOwnJvm(arguments);
    }

    private Refusal run(ProcessBuilder executable) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = executable.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ended by itself").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Refusal(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Refusal(int exitCode, String stdout, String stderr) {

        void assertOneLine(String line) {
            assertThat(exitCode).as("exit code; stderr: %s", stderr).isEqualTo(2);
            assertThat(stderr.strip()).isEqualTo(line);
            assertThat(stdout).as("the log holds no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
        }

        void assertOneLineStartingWith(String start) {
            assertThat(exitCode).as("exit code; stderr: %s", stderr).isEqualTo(2);
            assertThat(stderr.strip()).startsWith(start).doesNotContain("\n");
            assertThat(stdout).as("the log holds no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
        }
    }
}
