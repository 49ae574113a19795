package io.aftermath.command.web.retrospective;

import io.aftermath.command.web.Limits;
import io.aftermath.command.web.RequestText;
import jakarta.validation.constraints.Size;

/** The body is optional altogether. */
public record CompleteActionItemRequest(@Size(max = Limits.REASON) String note) {

    public CompleteActionItemRequest {
        note = RequestText.optionalText(note);
    }
}
