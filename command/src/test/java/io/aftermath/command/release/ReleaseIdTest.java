package io.aftermath.command.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aftermath.shared.release.ReleaseId;

class ReleaseIdTest {

    @Test
    void a_release_id_is_service_at_version() {
        assertEquals("checkout@2.4.0", ReleaseId.of("checkout", "2.4.0"));
        assertTrue(ReleaseId.isValid("checkout@2.4.0"));
        assertTrue(ReleaseId.isValid("checkout", "2.4.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "checkout", "checkout@", "@2.4.0", "check out@2.4.0", "checkout@2.4 .0", "checkout@\t1",
            "a@b@c", "checkout@2.4.0,checkout@2.4.1", "check/out@1", "-checkout@1", "checkout@.1"})
    void malformed_release_ids_are_invalid(String releaseId) {
        assertFalse(ReleaseId.isValid(releaseId));
    }

    @Test
    void a_service_never_contains_an_at_sign() {
        assertFalse(ReleaseId.isValid("check@out", "2.4.0"));
        assertFalse(ReleaseId.isValid(null, "2.4.0"));
        assertFalse(ReleaseId.isValid((String) null));
    }
}
