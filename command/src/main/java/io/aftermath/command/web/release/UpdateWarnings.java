package io.aftermath.command.web.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.command.directory.TicketFacts;
import io.aftermath.shared.release.UserUpdateStatus;

/**
 * Where a user update says something its tickets contradict: RESOLVED while one it names is open, or still
 * INVESTIGATING or IDENTIFIED one that is resolved. Said in the answer, not refused: those who talk to
 * users may word an update so on purpose ("resolved for most users"), but should not do it unawares.
 * A duplicate is left out: the last canonical ticket of its chain decides.
 */
final class UpdateWarnings {

    private UpdateWarnings() {
    }

    static List<String> of(UserUpdateStatus status, List<String> ticketIds, TicketDirectory tickets) {
        List<String> warnings = new ArrayList<>();
        if (ticketIds == null) {
            return warnings;
        }
        Set<String> judged = new HashSet<>();
        for (String ticketId : new LinkedHashSet<>(ticketIds)) {
            deciding(ticketId, tickets).filter(facts -> judged.add(facts.ticketId())).ifPresent(facts -> {
                String which = facts.ticketId().equals(ticketId) ? "Ticket " + ticketId
                        : "Ticket " + ticketId + " is a duplicate of " + facts.ticketId() + ", which";
                if (status == UserUpdateStatus.RESOLVED && !facts.resolved()) {
                    warnings.add(which + " is still open, and the update tells users RESOLVED");
                }
                boolean stillLooking = status == UserUpdateStatus.INVESTIGATING || status == UserUpdateStatus.IDENTIFIED;
                if (stillLooking && facts.resolved()) {
                    warnings.add(which + " is resolved, and the update tells users " + status);
                }
            });
        }
        return warnings;
    }

    /**
     * The ticket itself, or the last of its chain of canonical tickets: a ticket marked a duplicate before
     * its canonical became one keeps pointing at that canonical (tester 38: one step up, a canonical
     * that was itself a duplicate read as "still open").
     */
    private static Optional<TicketFacts> deciding(String ticketId, TicketDirectory tickets) {
        Optional<TicketFacts> facts = tickets.find(ticketId);
        Set<String> seen = new HashSet<>();
        while (facts.isPresent() && facts.get().duplicate() && seen.add(facts.get().ticketId())) {
            Optional<TicketFacts> canonical = tickets.find(facts.get().canonicalTicketId());
            if (canonical.isEmpty()) {
                break;
            }
            facts = canonical;
        }
        return facts;
    }
}
