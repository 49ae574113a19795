package io.aftermath.shared.release;

import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.aftermath.shared.text.Distinct;

public record PublishUserUpdate(
        @TargetAggregateIdentifier String releaseId,
        String updateId,
        UserUpdateStatus status,
        Channel channel,
        String message,
        List<String> ticketIds,
        String actor,
        Instant at) {

    public PublishUserUpdate {
        ticketIds = Distinct.of(ticketIds);
    }
}
