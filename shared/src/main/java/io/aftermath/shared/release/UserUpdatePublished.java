package io.aftermath.shared.release;

import java.time.Instant;
import java.util.List;

public record UserUpdatePublished(
        String releaseId,
        String updateId,
        UserUpdateStatus status,
        Channel channel,
        String message,
        List<String> ticketIds,
        String actor,
        Instant at) {

    public UserUpdatePublished {
        ticketIds = ticketIds == null ? List.of() : List.copyOf(ticketIds);
    }
}
