package io.aftermath.command.web.ticket;

import io.aftermath.command.web.Limits;
import io.aftermath.command.web.RequestText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record AssignRequest(@NotBlank @Size(max = Limits.PERSON) String assignee) {

    public AssignRequest {
        assignee = RequestText.name(assignee);
    }
}
