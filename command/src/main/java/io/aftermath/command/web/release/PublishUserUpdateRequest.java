package io.aftermath.command.web.release;

import java.util.List;

import io.aftermath.command.web.Limits;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.UserUpdateStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record PublishUserUpdateRequest(
        @NotNull UserUpdateStatus status,
        @NotNull Channel channel,
        @NotBlank @Size(max = Limits.TEXT) String message,
        @Size(max = Limits.ITEMS) List<@NotBlank @Size(max = Limits.ID) String> ticketIds) {
}
