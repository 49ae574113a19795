package io.aftermath.command.web.release;

import java.time.Instant;

import io.aftermath.command.web.InCalendarRange;
import io.aftermath.command.web.Limits;
import io.aftermath.command.web.ReleaseIdFormat;
import io.aftermath.command.web.RequestText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The release id is {@code service@version}; neither part may hold '@' or spaces. */
public record RegisterReleaseRequest(
        @NotBlank @Size(max = Limits.NAME)
        @Pattern(regexp = ReleaseIdFormat.SERVICE, message = "letters, digits, '.', '_' and '-' only")
        String service,
        @NotBlank @Size(max = Limits.NAME)
        @Pattern(regexp = ReleaseIdFormat.VERSION, message = "letters, digits, '.', '+', '_' and '-' only")
        String version,
        @InCalendarRange Instant deployedAt,
        @Size(max = Limits.RELEASE_ID) @Pattern(regexp = ReleaseIdFormat.RELEASE_ID, message = ReleaseIdFormat.RELEASE_ID_RULE) String hotfixOf,
        @Size(max = Limits.TEXT) String notes) {

    public RegisterReleaseRequest {
        notes = RequestText.optionalText(notes);
    }
}
