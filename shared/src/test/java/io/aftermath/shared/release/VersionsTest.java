package io.aftermath.shared.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {

    @ParameterizedTest(name = "{0} is later than {1}")
    @CsvSource({
            "2.10.0, 2.9.1",
            "2.4.1, 2.4.0",
            "10.0, 9.99.99",
            "2.4.0.1, 2.4.0",
            "1.0.rc2, 1.0.rc1",
            "1.0.beta, 1.0.alpha",
            "99999999999999999999, 99999999999999999998"})
    void later_versions_compare_greater(String later, String earlier) {
        assertTrue(Versions.isLater(later, earlier));
        assertFalse(Versions.isLater(earlier, later));
    }

    @Test
    void leading_zeros_do_not_change_a_number() {
        assertEquals(0, Versions.compare("2.04.0", "2.4.0"));
    }

    @Test
    void a_version_is_not_later_than_itself() {
        assertFalse(Versions.isLater("2.4.0", "2.4.0"));
    }

    @Test
    void versions_sort_numerically_not_alphabetically() {
        List<String> versions = new ArrayList<>(List.of("2.10.0", "2.9.1", "2.9.10", "10.0.0", "2.9.2"));
        versions.sort(Versions.ORDER);
        assertEquals(List.of("2.9.1", "2.9.2", "2.9.10", "2.10.0", "10.0.0"), versions);
    }
}
