package io.aftermath.command.postmortem;

import static io.aftermath.shared.error.DomainRejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import io.aftermath.command.directory.PostmortemDirectory;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.postmortem.ImportPostmortem;
import io.aftermath.shared.postmortem.PostmortemContent;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.postmortem.PostmortemRevised;
import io.aftermath.shared.postmortem.RevisePostmortem;
import io.aftermath.shared.text.PlainText;

/**
 * An imported post-mortem. Its id is derived from its identity, so importing it twice would be a
 * second creation of one stream. The event store refuses that too, but only after the commit took a
 * position, which then holds a void; re-importing a whole list is routine, so the log is asked first.
 * Imported again with other content (the document was corrected since), it is revised; with the same
 * content, the import is refused as before, appending nothing.
 */
@Aggregate
class Postmortem {

    @AggregateIdentifier
    private String postmortemId;
    private String source;
    private String sourceId;
    private PostmortemContent content;
    private Instant importedAt;
    private String importedBy;
    private int revisions;

    Postmortem() {
    }

    @CommandHandler
    Postmortem(ImportPostmortem command, PostmortemDirectory postmortems) {
        require(!postmortems.exists(command.postmortemId()), ErrorCode.POSTMORTEM_EXISTS,
                command.postmortemId() + " already exists");
        require(hasText(command.source()), ErrorCode.POSTMORTEM_INVALID, "A post-mortem needs its source");
        requireWhole(PostmortemContent.of(command));
        apply(new PostmortemImported(command.postmortemId(), command.source(), command.sourceId(), command.title(),
                command.company(), command.product(), command.categories(), command.keywords(), command.startTime(),
                command.endTime(), command.summary(), command.body(), command.url(), command.actor(), command.at()));
    }

    @CommandHandler
    void handle(RevisePostmortem command) {
        requireWhole(command.content());
        require(!command.content().equals(content), ErrorCode.POSTMORTEM_EXISTS,
                postmortemId + " already exists, with this content");
        apply(new PostmortemRevised(postmortemId, source, sourceId, command.content(), revisions + 1, importedAt,
                importedBy, command.actor(), command.at()));
    }

    private static void requireWhole(PostmortemContent content) {
        require(hasText(content.title()), ErrorCode.POSTMORTEM_INVALID, "A post-mortem needs a title");
        require(hasText(content.body()), ErrorCode.POSTMORTEM_INVALID, "A post-mortem needs a body");
    }

    private static boolean hasText(String value) {
        return !PlainText.isBlank(value);
    }

    @EventSourcingHandler
    void on(PostmortemImported event) {
        postmortemId = event.postmortemId();
        source = event.source();
        sourceId = event.sourceId();
        content = PostmortemContent.of(event);
        importedAt = event.at();
        importedBy = event.actor();
    }

    @EventSourcingHandler
    void on(PostmortemRevised event) {
        content = event.content();
        revisions = event.revision();
    }
}
