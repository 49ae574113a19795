package io.aftermath.shared.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {

    /** The example of semver 2.0.0 §11, in ascending order. */
    static final List<String> SEMVER_EXAMPLE = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
            "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");

    @ParameterizedTest(name = "{0} is later than {1}")
    @CsvSource({
            "2.10.0, 2.9.1",
            "2.4.1, 2.4.0",
            "1.0.10, 1.0.2",
            "10.0, 9.99.99",
            "2.4, 2.3.9",
            "2024.05.1, 2024.04.30",
            "2024.05.1, 2024.05",
            "2.4.0.1, 2.4.0",
            "1.0.rc2, 1.0.rc1",
            "1.0.beta, 1.0.alpha",
            "99999999999999999999, 99999999999999999998",
            // A release comes after its pre-releases, and a pre-release of a later version after both.
            "1.0.2, 1.0.2-rc1",
            "1.0.2, 1.0.2-SNAPSHOT",
            "1.0.3-rc1, 1.0.2",
            "2.4, 2.4-beta",
            // Pre-release identifiers: numbers by value, numbers before text, text in ASCII order.
            "1.0.0-rc.10, 1.0.0-rc.9",
            "1.0.0-rc.a, 1.0.0-rc.10",
            "1.0.0-rc2, 1.0.0-RC2",
            "1.0.0-x-y-z.2, 1.0.0-x-y-z.1",
            "1.0.0-alpha.1.1, 1.0.0-alpha.1",
            "2.4.0_2, 2.4.0_1",
            // A tag's leading v is not part of the version (before: v10.0 came before v9.0, as text).
            "v10.0, v9.0",
            "v10.0, 9.0",
            "10.0, v9.0",
            "v2.5, 2.4",
            "2.4, v1.0"})
    void later_versions_compare_greater(String later, String earlier) {
        assertTrue(Versions.isLater(later, earlier));
        assertFalse(Versions.isLater(earlier, later));
    }

    @ParameterizedTest(name = "{0} has the precedence of {1}")
    @CsvSource({
            "2.04.0, 2.4.0",
            "1.0.0+20130313144700, 1.0.0",
            "1.0.0-beta+exp.sha.5114f85, 1.0.0-beta",
            "1.0.0+build-2, 1.0.0+build-1",
            // A release missing identifiers has zeros there (before: 2.4.0 was later than 2.4).
            "2.4, 2.4.0",
            "2.4.0.0, 2.4",
            "1.0-rc1, 1.0.0-rc1",
            "v2.4.0, 2.4.0",
            "V1.0, 1.0"})
    void leading_zeros_and_build_metadata_do_not_change_precedence(String version, String same) {
        assertEquals(0, Versions.compare(version, same));
        assertEquals(0, Versions.compare(same, version));
    }

    @Test
    void a_version_is_not_later_than_itself() {
        assertFalse(Versions.isLater("2.4.0", "2.4.0"));
        assertFalse(Versions.isLater("1.0.2-rc1", "1.0.2-rc1"));
    }

    @Test
    void a_v_before_anything_but_a_digit_is_part_of_the_version() {
        assertTrue(Versions.isLater("va.1", "9.0"));
        assertTrue(Versions.isLater("v", "9.0"));
    }

    @Test
    void pre_releases_missing_identifiers_are_earlier_as_semver_says() {
        assertTrue(Versions.isLater("1.0.0-alpha.0", "1.0.0-alpha"));
    }

    @Test
    void versions_sort_numerically_not_alphabetically() {
        List<String> versions = new ArrayList<>(List.of("2.10.0", "2.9.1", "2.9.10", "10.0.0", "2.9.2"));
        versions.sort(Versions.ORDER);
        assertEquals(List.of("2.9.1", "2.9.2", "2.9.10", "2.10.0", "10.0.0"), versions);
    }

    /** Text compared with numbers as text made a cycle: 2 before 10 (numbers), 10 before 1a, 1a before 2 (text). */
    @Test
    void numbers_come_before_text_so_that_mixed_segments_still_sort() {
        List<String> versions = new ArrayList<>(List.of("1.1a", "1.10", "1.2"));
        versions.sort(Versions.ORDER);
        assertEquals(List.of("1.2", "1.10", "1.1a"), versions);
        assertTrue(Versions.isLater("1.1a", "1.2"));
    }

    @Test
    void the_semver_example_sorts_in_its_own_order() {
        List<String> versions = new ArrayList<>(SEMVER_EXAMPLE);
        Collections.reverse(versions);
        versions.sort(Versions.ORDER);
        assertEquals(SEMVER_EXAMPLE, versions);
    }

    @Test
    void each_version_of_the_semver_example_is_later_than_all_before_it() {
        for (int later = 0; later < SEMVER_EXAMPLE.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                assertTrue(Versions.isLater(SEMVER_EXAMPLE.get(later), SEMVER_EXAMPLE.get(earlier)),
                        SEMVER_EXAMPLE.get(later) + " after " + SEMVER_EXAMPLE.get(earlier));
                assertFalse(Versions.isLater(SEMVER_EXAMPLE.get(earlier), SEMVER_EXAMPLE.get(later)),
                        SEMVER_EXAMPLE.get(earlier) + " not after " + SEMVER_EXAMPLE.get(later));
            }
        }
    }
}
