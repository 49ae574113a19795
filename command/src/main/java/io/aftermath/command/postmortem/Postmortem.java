package io.aftermath.command.postmortem;

import static io.aftermath.shared.error.DomainRejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import io.aftermath.command.directory.PostmortemDirectory;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.postmortem.ImportPostmortem;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.text.PlainText;

/**
 * An imported post-mortem. Its id is derived from its content, so importing it twice would be a
 * second creation of one stream. The event store refuses that too, but only after the commit took a
 * position, which then holds a void; re-importing a whole list is routine, so the log is asked first.
 */
@Aggregate
class Postmortem {

    @AggregateIdentifier
    private String postmortemId;

    Postmortem() {
    }

    @CommandHandler
    Postmortem(ImportPostmortem command, PostmortemDirectory postmortems) {
        require(!postmortems.exists(command.postmortemId()), ErrorCode.POSTMORTEM_EXISTS,
                command.postmortemId() + " already exists");
        require(hasText(command.source()), ErrorCode.POSTMORTEM_INVALID, "A post-mortem needs its source");
        require(hasText(command.title()), ErrorCode.POSTMORTEM_INVALID, "A post-mortem needs a title");
        require(hasText(command.body()), ErrorCode.POSTMORTEM_INVALID, "A post-mortem needs a body");
        apply(new PostmortemImported(command.postmortemId(), command.source(), command.sourceId(), command.title(),
                command.company(), command.product(), command.categories(), command.keywords(), command.startTime(),
                command.endTime(), command.summary(), command.body(), command.url(), command.actor(), command.at()));
    }

    private static boolean hasText(String value) {
        return !PlainText.isBlank(value);
    }

    @EventSourcingHandler
    void on(PostmortemImported event) {
        postmortemId = event.postmortemId();
    }
}
