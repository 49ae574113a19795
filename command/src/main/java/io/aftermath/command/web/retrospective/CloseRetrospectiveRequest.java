package io.aftermath.command.web.retrospective;

import io.aftermath.command.web.Limits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CloseRetrospectiveRequest(@NotBlank @Size(max = Limits.LONG_TEXT) String summary) {
}
