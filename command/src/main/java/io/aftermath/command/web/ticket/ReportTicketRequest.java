package io.aftermath.command.web.ticket;

import io.aftermath.command.web.Limits;
import io.aftermath.command.web.ReleaseIdFormat;
import io.aftermath.command.web.RequestText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record ReportTicketRequest(
        @NotBlank @Size(max = Limits.RELEASE_ID) @Pattern(regexp = ReleaseIdFormat.RELEASE_ID, message = ReleaseIdFormat.RELEASE_ID_RULE) String releaseId,
        @NotBlank @Size(max = Limits.TITLE) String title,
        @NotBlank @Size(max = Limits.DESCRIPTION) String description,
        @Size(max = Limits.NAME) String component,
        @Size(max = Limits.NAME) String reportedVia) {

    public ReportTicketRequest {
        component = RequestText.optionalName(component);
        reportedVia = RequestText.optionalName(reportedVia);
    }
}
