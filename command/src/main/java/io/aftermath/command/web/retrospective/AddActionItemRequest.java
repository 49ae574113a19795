package io.aftermath.command.web.retrospective;

import java.time.LocalDate;

import io.aftermath.command.web.InCalendarRange;
import io.aftermath.command.web.Limits;
import io.aftermath.command.web.RequestText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record AddActionItemRequest(
        @NotBlank @Size(max = Limits.TITLE) String title,
        @NotBlank @Size(max = Limits.PERSON) String owner,
        @InCalendarRange LocalDate dueDate,
        @Size(max = Limits.ID) String lessonId) {

    public AddActionItemRequest {
        owner = RequestText.name(owner);
    }
}
