package io.aftermath.command.web.release;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.shared.release.UserUpdateStatus;

/**
 * Where a user update says something its tickets contradict: RESOLVED while one it names is open, or still
 * INVESTIGATING or IDENTIFIED one that is resolved. Said in the answer, not refused: those who talk to
 * users may word an update so on purpose ("resolved for most users"), but should not do it unawares.
 * A duplicate is left out: its canonical ticket decides.
 */
final class UpdateWarnings {

    private UpdateWarnings() {
    }

    static List<String> of(UserUpdateStatus status, List<String> ticketIds, TicketDirectory tickets) {
        List<String> warnings = new ArrayList<>();
        if (ticketIds == null) {
            return warnings;
        }
        for (String ticketId : new LinkedHashSet<>(ticketIds)) {
            tickets.find(ticketId).filter(facts -> !facts.duplicate()).ifPresent(facts -> {
                if (status == UserUpdateStatus.RESOLVED && !facts.resolved()) {
                    warnings.add("Ticket " + ticketId + " is still open, and the update tells users RESOLVED");
                }
                boolean stillLooking = status == UserUpdateStatus.INVESTIGATING || status == UserUpdateStatus.IDENTIFIED;
                if (stillLooking && facts.resolved()) {
                    warnings.add("Ticket " + ticketId + " is resolved, and the update tells users " + status);
                }
            });
        }
        return warnings;
    }
}
