package io.aftermath.command.web.ticket;

import io.aftermath.command.web.Limits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record ReopenRequest(
        @NotBlank @Size(max = Limits.REASON) String reason,
        @Size(max = Limits.RELEASE_ID) String observedIn) {
}
