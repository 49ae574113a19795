package io.aftermath.command.web.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.command.directory.TicketFacts;
import io.aftermath.shared.release.UserUpdateStatus;

class UpdateWarningsTest {

    private final Map<String, TicketFacts> known = Map.of(
            "open", new TicketFacts("open", "r", "ana", null, false),
            "fixed", new TicketFacts("fixed", "r", "ana", null, true),
            "copy", new TicketFacts("copy", "r", "ana", "open", false),
            "first", new TicketFacts("first", "r", "ana", "middle", false),
            "middle", new TicketFacts("middle", "r", "ana", "fixed", false));
    private final TicketDirectory tickets = id -> Optional.ofNullable(known.get(id));

    @Test
    void resolved_naming_an_open_ticket_and_still_looking_at_a_resolved_one_are_said() {
        assertThat(UpdateWarnings.of(UserUpdateStatus.RESOLVED, List.of("open", "fixed"), tickets))
                .containsExactly("Ticket open is still open, and the update tells users RESOLVED");
        assertThat(UpdateWarnings.of(UserUpdateStatus.IDENTIFIED, List.of("fixed", "fixed"), tickets))
                .containsExactly("Ticket fixed is resolved, and the update tells users IDENTIFIED");
    }

    @Test
    void monitoring_or_no_tickets_say_nothing() {
        assertThat(UpdateWarnings.of(UserUpdateStatus.MONITORING, List.of("open", "fixed"), tickets)).isEmpty();
        assertThat(UpdateWarnings.of(UserUpdateStatus.RESOLVED, List.of(), tickets)).isEmpty();
    }

    /** Tester 20: a duplicate of an open ticket, named alone in a RESOLVED update, went unremarked. */
    @Test
    void a_duplicate_is_judged_by_its_canonical_once() {
        assertThat(UpdateWarnings.of(UserUpdateStatus.RESOLVED, List.of("copy"), tickets)).containsExactly(
                "Ticket copy is a duplicate of open, which is still open, and the update tells users RESOLVED");
        assertThat(UpdateWarnings.of(UserUpdateStatus.RESOLVED, List.of("open", "copy"), tickets)).containsExactly(
                "Ticket open is still open, and the update tells users RESOLVED");
    }

    /** Tester 38: a duplicate of a ticket that became a duplicate of a resolved one was "still open". */
    @Test
    void a_duplicate_is_judged_by_the_last_canonical_of_its_chain() {
        assertThat(UpdateWarnings.of(UserUpdateStatus.RESOLVED, List.of("first"), tickets)).isEmpty();
        assertThat(UpdateWarnings.of(UserUpdateStatus.INVESTIGATING, List.of("first"), tickets)).containsExactly(
                "Ticket first is a duplicate of fixed, which is resolved, and the update tells users INVESTIGATING");
    }
}
