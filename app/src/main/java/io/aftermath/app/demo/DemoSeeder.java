package io.aftermath.app.demo;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.metadata.MetadataKeys;
import io.aftermath.shared.node.ConditionalOnRole;
import io.aftermath.shared.node.NodeRole;

/**
 * Seeds the {@link CheckoutReleaseStory} through the real command path: the {@link CommandDispatcher}
 * that the HTTP edge uses, so every event carries an actor (the person in the story), a correlation id
 * (one per step) and a causation id, and the command metrics count it.
 * <p>
 * Running it again adds nothing. When the story's last step is in the log, the whole story is there
 * and nothing is sent. Otherwise (a first run, or one interrupted half-way) each step is sent unless
 * its correlation id is already on the stream it addresses; a creation refused because the ticket,
 * release, lesson, action item or update already exists counts as done too. Checking the log, not
 * only the refusals, matters: prioritising and reopening are not idempotent, so resending them would
 * add events.
 */
@Component
@ConditionalOnRole(NodeRole.COMMAND)
public class DemoSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<ErrorCode> ALREADY_DONE = Set.of(ErrorCode.RELEASE_EXISTS, ErrorCode.TICKET_EXISTS,
            ErrorCode.LESSON_EXISTS, ErrorCode.ACTION_ITEM_EXISTS, ErrorCode.USER_UPDATE_EXISTS);

    private final CommandDispatcher commands;
    private final EventStore events;

    public DemoSeeder(CommandDispatcher commands, EventStore events) {
        this.commands = commands;
        this.events = events;
    }

    public DemoReport seed() {
        return seed(CheckoutReleaseStory.steps());
    }

    DemoReport seed(List<DemoStep> steps) {
        if (steps.isEmpty() || inLog(steps.get(steps.size() - 1))) {
            LOG.info("Demo already present ({} steps); nothing to do", steps.size());
            return new DemoReport(0, steps.size(), true);
        }
        int sent = 0;
        int skipped = 0;
        for (DemoStep step : steps) {
            if (inLog(step) || !send(step)) {
                skipped++;
            } else {
                sent++;
            }
        }
        LOG.info("Demo seeded: {} steps sent, {} already present", sent, skipped);
        return new DemoReport(sent, skipped, false);
    }

    /** False when the step turned out to be done already. */
    private boolean send(DemoStep step) {
        try {
            commands.dispatch(step.command(), step.actor(), step.correlationId(), step.target()).block(STEP_TIMEOUT);
            return true;
        } catch (DomainRejection rejection) {
            if (ALREADY_DONE.contains(rejection.code())) {
                return false;
            }
            throw new IllegalStateException("Demo step " + step.key() + " was refused: " + rejection.getMessage(),
                    rejection);
        }
    }

    /** Reading from sequence 0 skips snapshots, which carry no correlation id of their own. */
    private boolean inLog(DemoStep step) {
        return events.readEvents(step.target().id(), 0).asStream()
                .anyMatch(event -> step.correlationId().equals(event.getMetaData().get(MetadataKeys.CORRELATION_ID)));
    }
}
