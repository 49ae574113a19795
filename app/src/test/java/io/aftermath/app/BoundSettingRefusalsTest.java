package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.aftermath.command.web.CommandProperties;
import io.aftermath.query.QueryProperties;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.web.WebLimits;
import io.aftermath.shared.web.security.AftermathSecurityProperties;

/**
 * The line {@link StartRefusals} prints for a setting refused while Spring binds it, with Spring's own
 * binder and conversions, as at a start: whether the value did not convert, or converted and was
 * refused by its record. The whole executable is {@code StartRefusalsTest}'s.
 */
class BoundSettingRefusalsTest {

    /** Before: 6 ms was accepted, and the node backed up its whole store every 6 ms. */
    @Test
    void a_backup_interval_given_without_a_unit_is_refused_naming_milliseconds() {
        assertThat(refusal("aftermath", AftermathProperties.class, "aftermath.backup.interval", "6"))
                .isEqualTo("aftermath.backup.interval=6ms is shorter than the minimum of 1m (a number given without "
                        + "a unit is read as milliseconds)");
    }

    @Test
    void a_checkpoint_interval_under_a_minute_or_a_negative_keep_is_refused() {
        assertThat(refusal("aftermath", AftermathProperties.class, "aftermath.checkpoint.interval", "30s"))
                .startsWith("aftermath.checkpoint.interval=30s is shorter than the minimum of 1m");
        assertThat(refusal("aftermath", AftermathProperties.class, "aftermath.checkpoint.keep", "-1"))
                .startsWith("aftermath.checkpoint.keep=-1 ");
    }

    /** Before: "No enum constant io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend.foo". */
    @Test
    void an_unknown_embedded_backend_is_refused_with_the_backends() {
        assertThat(refusal("aftermath", AftermathProperties.class, "aftermath.mongo.embedded.backend", "foo"))
                .isEqualTo("aftermath.mongo.embedded.backend=foo is not one of H2, MEMORY");
    }

    @Test
    void an_unknown_role_of_a_user_is_refused_with_the_roles() {
        Map<String, String> settings = Map.of("aftermath.security.users[0].username", "dana",
                "aftermath.security.users[0].password", "{noop}x", "aftermath.security.users[0].roles", "ADMIN,ROOT");

        assertThat(refusal("aftermath.security", AftermathSecurityProperties.class, settings))
                .isEqualTo("aftermath.security.users[0].roles=ADMIN,ROOT: ROOT is not one of REPORTER, TRIAGER, "
                        + "RESPONDER, AUDITOR, ADMIN");
    }

    /** Before: a stack trace from the MongoDB client bean, and exit code 1. */
    @Test
    void a_mongodb_uri_that_is_no_connection_string_is_refused_without_its_password() {
        assertThat(refusal("aftermath", AftermathProperties.class, "aftermath.mongo.uri", "http://dana:s3cret@nope"))
                .startsWith("aftermath.mongo.uri=http://dana:***@nope is not a MongoDB connection string")
                .doesNotContain("s3cret");
    }

    /** Before: a stack trace from the command executor bean, and exit code 1. */
    @Test
    void no_command_threads_is_refused_with_the_minimum() {
        assertThat(refusal("aftermath.commands", CommandProperties.class, "aftermath.commands.threads", "0"))
                .isEqualTo("aftermath.commands.threads=0 is less than the minimum of 1");
    }

    /** Before: accepted, and every write was answered 413. */
    @Test
    void a_negative_body_size_is_refused_with_the_range() {
        assertThat(refusal("aftermath.web", WebLimits.class, "aftermath.web.max-body-size", "-1KB"))
                .isEqualTo("aftermath.web.max-body-size=-1KB is less than the minimum of 1B");
    }

    /** No place would refuse every export, verification, replay and checkpoint. */
    @Test
    void no_place_for_heavy_requests_is_refused_with_the_minimum() {
        assertThat(refusal("aftermath.web", WebLimits.class, "aftermath.web.heavy-requests.concurrency", "0"))
                .isEqualTo("aftermath.web.heavy-requests.concurrency=0 is less than the minimum of 1");
        assertThat(refusal("aftermath.web", WebLimits.class, "aftermath.web.heavy-requests.max-wait", "-1s"))
                .isEqualTo("aftermath.web.heavy-requests.max-wait=-1s is shorter than the minimum of 0s");
    }

    /** Before: accepted, and every GET /api/triage without a limit was answered 400. */
    @Test
    void a_triage_default_limit_above_the_maximum_is_refused_with_the_range() {
        assertThat(refusal("aftermath.query", QueryProperties.class, "aftermath.query.triage.default-limit", "5000"))
                .isEqualTo("aftermath.query.triage.default-limit=5000 is more than the maximum of 1000");
    }

    /** Before: accepted. */
    @Test
    void a_negative_sla_target_is_refused_naming_it() {
        assertThat(refusal("aftermath.query", QueryProperties.class, "aftermath.query.sla.acknowledge.p1", "-15m"))
                .isEqualTo("aftermath.query.sla.acknowledge.p1=-15m is shorter than the minimum of 1ms");
    }

    /** No turn at all would leave every rebuild waiting for good. */
    @Test
    void rebuilds_without_a_turn_are_refused() {
        assertThat(refusal("aftermath.query", QueryProperties.class, "aftermath.query.rebuild.threads", "0"))
                .isEqualTo("aftermath.query.rebuild.threads=0 is less than the minimum of 1");
    }

    private static String refusal(String prefix, Class<?> type, String key, String value) {
        return refusal(prefix, type, Map.of(key, value));
    }

    private static String refusal(String prefix, Class<?> type, Map<String, String> settings) {
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        Throwable failure = catchThrowable(() -> binder.bindOrCreate(prefix, type));

        assertThat(failure).as("binding %s", settings).isNotNull();
        return StartRefusals.refusal(failure, null).orElseThrow();
    }
}
