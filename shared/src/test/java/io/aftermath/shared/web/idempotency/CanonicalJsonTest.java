package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class CanonicalJsonTest {

    @Test
    void members_are_sorted_at_every_depth_and_whitespace_is_dropped() {
        assertThat(canonical(MediaType.APPLICATION_JSON, "{ \"b\": {\"z\": 1, \"y\": [3, 1]},\n \"a\": \"x\" }"))
                .isEqualTo("{\"a\":\"x\",\"b\":{\"y\":[3,1],\"z\":1}}");
    }

    @Test
    void numbers_keep_their_precision() {
        assertThat(canonical(MediaType.APPLICATION_JSON, "{\"n\": 1.50, \"m\": 0.1000000000000000000001}"))
                .isEqualTo("{\"m\":0.1000000000000000000001,\"n\":1.50}");
    }

    @Test
    void a_json_suffix_counts_as_json() {
        assertThat(canonical(MediaType.parseMediaType("application/merge-patch+json"), "{\"b\":1, \"a\":2}"))
                .isEqualTo("{\"a\":2,\"b\":1}");
    }

    @Test
    void other_bodies_and_json_that_does_not_parse_strictly_stay_as_sent() {
        assertThat(canonical(MediaType.parseMediaType("application/x-ndjson"), "{\"b\":1, \"a\":2}\n"))
                .isEqualTo("{\"b\":1, \"a\":2}\n");
        assertThat(canonical(null, "{\"b\":1, \"a\":2}")).isEqualTo("{\"b\":1, \"a\":2}");
        assertThat(canonical(MediaType.APPLICATION_JSON, "{\"b\":1, \"a\":")).isEqualTo("{\"b\":1, \"a\":");
        assertThat(canonical(MediaType.APPLICATION_JSON, "{\"b\":1} {\"a\":2}")).isEqualTo("{\"b\":1} {\"a\":2}");
        assertThat(canonical(MediaType.APPLICATION_JSON, "{\"a\":1, \"a\":2}")).isEqualTo("{\"a\":1, \"a\":2}");
        assertThat(canonical(MediaType.APPLICATION_JSON, "")).isEmpty();
    }

    private static String canonical(MediaType type, String body) {
        return new String(IdempotencyFilter.canonical(type, body.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }
}
