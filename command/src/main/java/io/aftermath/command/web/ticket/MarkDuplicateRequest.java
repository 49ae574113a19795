package io.aftermath.command.web.ticket;

import io.aftermath.command.web.Limits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record MarkDuplicateRequest(@NotBlank @Size(max = Limits.ID) String canonicalTicketId) {
}
