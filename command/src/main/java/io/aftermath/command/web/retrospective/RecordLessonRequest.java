package io.aftermath.command.web.retrospective;

import java.util.List;

import io.aftermath.command.web.Limits;
import io.aftermath.command.web.RequestText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Lists may be left out (read as empty). Blameless: systems and decisions, not culprits. */
public record RecordLessonRequest(
        @NotBlank @Size(max = Limits.TITLE) String title,
        @NotBlank @Size(max = Limits.LONG_TEXT) String whatHappened,
        @Size(max = Limits.ITEMS) List<@NotBlank @Size(max = Limits.REASON) String> contributingFactors,
        @Size(max = Limits.LONG_TEXT) String whatWentWell,
        @Size(max = Limits.ITEMS) List<@NotBlank @Size(max = Limits.REASON) String> improvements,
        @Size(max = Limits.ITEMS) List<@NotBlank @Size(max = Limits.ID) String> ticketIds,
        @Size(max = Limits.ITEMS) List<@NotBlank @Size(max = Limits.TAG) String> tags) {

    public RecordLessonRequest {
        whatWentWell = RequestText.optionalText(whatWentWell);
    }
}
