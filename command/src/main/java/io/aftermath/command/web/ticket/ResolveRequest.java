package io.aftermath.command.web.ticket;

import io.aftermath.command.web.Limits;
import io.aftermath.command.web.ReleaseIdFormat;
import io.aftermath.shared.ticket.Resolution;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code fixedIn} is required for HOTFIXED; the ticket decides that (422 HOTFIX_REQUIRES_RELEASE). */
public record ResolveRequest(
        @NotNull Resolution resolution,
        @NotBlank @Size(max = Limits.TEXT) String summary,
        @Size(max = Limits.RELEASE_ID) @Pattern(regexp = ReleaseIdFormat.RELEASE_ID, message = ReleaseIdFormat.RELEASE_ID_RULE) String fixedIn) {
}
