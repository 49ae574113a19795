package io.aftermath.command.web.ticket;

import io.aftermath.command.web.Limits;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record PrioritiseRequest(
        @NotNull Severity severity,
        @NotNull Urgency urgency,
        @NotBlank @Size(max = Limits.REASON) String reason) {
}
