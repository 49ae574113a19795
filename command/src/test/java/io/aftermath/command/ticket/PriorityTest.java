package io.aftermath.command.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

/** The matrix of ARCHITECTURE.md §1, cell by cell. */
class PriorityTest {

    @ParameterizedTest(name = "{0} and {1} is {2}")
    @CsvSource({
            "S1, HIGH, P1", "S1, MEDIUM, P1", "S1, LOW, P2",
            "S2, HIGH, P1", "S2, MEDIUM, P2", "S2, LOW, P3",
            "S3, HIGH, P2", "S3, MEDIUM, P3", "S3, LOW, P4",
            "S4, HIGH, P3", "S4, MEDIUM, P4", "S4, LOW, P4"})
    void priority_is_derived_from_severity_and_urgency(Severity severity, Urgency urgency, Priority expected) {
        assertEquals(expected, Priority.of(severity, urgency));
    }

    @Test
    void the_matrix_above_covers_every_cell() {
        Set<String> cells = new HashSet<>();
        for (Severity severity : Severity.values()) {
            for (Urgency urgency : Urgency.values()) {
                cells.add(severity + "/" + urgency + "/" + Priority.of(severity, urgency));
            }
        }
        assertEquals(12, cells.size());
    }
}
