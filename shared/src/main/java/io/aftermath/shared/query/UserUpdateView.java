package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.UserUpdateStatus;

public record UserUpdateView(String updateId, UserUpdateStatus status, Channel channel, String message,
                             List<String> ticketIds, String actor, Instant at) {
}
