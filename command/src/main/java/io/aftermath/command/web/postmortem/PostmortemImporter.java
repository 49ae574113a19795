package io.aftermath.command.web.postmortem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.command.postmortem.importing.ParsedEntry;
import io.aftermath.command.postmortem.importing.PostmortemIds;
import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.Dispatched;
import io.aftermath.command.web.Target;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.Headers;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends one {@code ImportPostmortem} per valid entry, each its own command and unit of work, through
 * the same dispatcher as every other write (actor, correlation id, retries, metrics). A refused entry
 * is reported and the others go on; one already imported (its id's stream exists) is sent again as a
 * {@code RevisePostmortem}, revised if its content changed and skipped if not; a repeat of an earlier
 * entry of the same upload is skipped, without a command that would race the first.
 * A few commands run at once, so the ledger can group their appends; the report keeps upload order.
 */
@Component
class PostmortemImporter {

    static final int CONCURRENCY = 4;

    private final CommandDispatcher commands;

    PostmortemImporter(CommandDispatcher commands) {
        this.commands = commands;
    }

    Mono<ResponseEntity<ImportReport>> run(ServerWebExchange exchange, String source, List<ParsedEntry> entries) {
        return Flux.fromIterable(withRepeatsMarked(source, entries))
                .flatMapSequential(entry -> send(exchange, source, entry), CONCURRENCY)
                .collectList()
                .flatMap(PostmortemImporter::failedOnOurSide)
                .flatMap(outcomes -> position(outcomes).map(position -> ResponseEntity.ok()
                        .header(Headers.POSITION, Long.toString(position))
                        .body(ImportOutcome.report(outcomes))));
    }

    /**
     * An entry of the upload with the same identity as an earlier one (one uuid on two NDJSON lines, one file
     * sent twice) is that entry's repeat, before anything is sent. Sent, it raced the first: unkeyed, the loser
     * counted as skipped; keyed, it found the first's event of the same request and counted as imported too.
     */
    private static List<ParsedEntry> withRepeatsMarked(String source, List<ParsedEntry> entries) {
        Map<String, String> firsts = new HashMap<>();
        List<ParsedEntry> marked = new ArrayList<>(entries.size());
        for (ParsedEntry entry : entries) {
            if (entry instanceof ParsedEntry.Valid valid) {
                String first = firsts.putIfAbsent(PostmortemIds.of(source, valid.postmortem()), valid.entry());
                marked.add(first == null ? entry : new ParsedEntry.Repeat(valid.entry(), first));
            } else {
                marked.add(entry);
            }
        }
        return marked;
    }

    /**
     * An upload of which nothing was imported because the node could not (its store failed, it was busy)
     * fails as a whole, with the first such entry's problem: a 200 hid those from every 5xx alert.
     */
    static Mono<List<ImportOutcome>> failedOnOurSide(List<ImportOutcome> outcomes) {
        if (outcomes.stream().anyMatch(outcome -> outcome.kind() != ImportOutcome.Kind.FAILED)) {
            return Mono.just(outcomes);
        }
        return outcomes.stream()
                .filter(outcome -> ErrorCode.valueOf(outcome.code()).status() >= 500)
                .findFirst()
                .<Mono<List<ImportOutcome>>>map(ours -> Mono.error(new DomainRejection(ErrorCode.valueOf(ours.code()),
                        ours.entry() + ": " + ours.message())))
                .orElseGet(() -> Mono.just(outcomes));
    }

    /**
     * After the last entry imported; with none imported, the log's head, so that a read after it finds
     * the post-mortems that were skipped as already there, wherever they were appended.
     */
    private Mono<Long> position(List<ImportOutcome> outcomes) {
        long position = ImportOutcome.position(outcomes);
        return position >= 0 ? Mono.just(position) : commands.logHead();
    }

    private Mono<ImportOutcome> send(ServerWebExchange exchange, String source, ParsedEntry entry) {
        if (entry instanceof ParsedEntry.Invalid invalid) {
            return Mono.just(ImportOutcome.failed(invalid.entry(), invalid.code().name(), invalid.message()));
        }
        if (entry instanceof ParsedEntry.Repeat repeat) {
            return Mono.just(ImportOutcome.skipped(repeat.entry(),
                    List.of("The same post-mortem as " + repeat.first() + ": imported once, as that entry")));
        }
        ParsedEntry.Valid valid = (ParsedEntry.Valid) entry;
        String postmortemId = PostmortemIds.of(source, valid.postmortem());
        return commands.dispatch(exchange, Target.postmortem(postmortemId),
                        (actor, at) -> valid.postmortem().toCommand(postmortemId, source, actor, at))
                .map(done -> appended(valid, done))
                .onErrorResume(failure -> {
                    Problem problem = Problems.of(failure);
                    return problem.code() == ErrorCode.POSTMORTEM_EXISTS ? revise(exchange, postmortemId, valid)
                            : Mono.just(refused(valid.entry(), problem));
                });
    }

    private Mono<ImportOutcome> revise(ServerWebExchange exchange, String postmortemId, ParsedEntry.Valid valid) {
        return commands.dispatch(exchange, Target.postmortem(postmortemId),
                        (actor, at) -> valid.postmortem().toRevision(postmortemId, actor, at))
                .map(done -> ImportOutcome.revised(valid.entry(), valid.warnings(), done.position()))
                .onErrorResume(failure -> Mono.just(refused(valid.entry(), Problems.of(failure))));
    }

    /**
     * A keyed request sent again finds its earlier run's event instead of sending the import: the stream's
     * first event if that run imported the entry, a later one if it revised it.
     */
    private static ImportOutcome appended(ParsedEntry.Valid valid, Dispatched done) {
        return done.version() != null && done.version() > 0
                ? ImportOutcome.revised(valid.entry(), valid.warnings(), done.position())
                : ImportOutcome.imported(valid.entry(), valid.warnings(), done.position());
    }

    private static ImportOutcome refused(String entry, Problem problem) {
        if (problem.code() == ErrorCode.POSTMORTEM_EXISTS) {
            return ImportOutcome.skipped(entry);
        }
        return ImportOutcome.failed(entry, problem.code().name(), problem.detail());
    }
}
