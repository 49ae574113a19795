package io.aftermath.command.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.metadata.MetadataKeys;
import io.aftermath.shared.web.CorrelationIdFilter;
import io.aftermath.shared.web.idempotency.IdempotentRequest;
import io.aftermath.shared.web.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Sends a command from the web edge: stamps it with the actor, the clock, the correlation id and, for
 * a keyed request, its request id, runs it on the command scheduler (never on the event loop),
 * retries a lost race on a stream a few times, translates Axon's exceptions into the endpoint's error
 * codes and times it as {@code aftermath.commands{command, outcome}} with outcome {@code success},
 * {@code rejected:<CODE>}, {@code conflict} or {@code error}.
 */
@Component
public class CommandDispatcher {

    static final String TIMER = "aftermath.commands";

    private final CommandGateway gateway;
    private final MongoLedgerStorageEngine ledger;
    private final Scheduler scheduler;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Immutable and the same for every command, so built once rather than on each send. */
    private final Retry lostRaces;

    public CommandDispatcher(CommandGateway gateway, MongoLedgerStorageEngine ledger,
                             @Qualifier("commandScheduler") Scheduler scheduler, Clock clock, MeterRegistry meters,
                             CommandProperties properties) {
        this.gateway = gateway;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.clock = clock;
        this.meters = meters;
        this.lostRaces = Retry.backoff(properties.retries(), properties.backoff())
                .jitter(0.5)
                .filter(CommandDispatcher::lostRace)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /**
     * {@code command} receives the actor and the instant; it is built once and re-sent as is on retries.
     * <p>
     * Any keyed request may repeat a run that appended: one taken over from a dead node after the
     * lease, or one whose key's record a crash lost before the store made it durable. When the target's
     * stream holds an event of this request, that earlier success is the answer and nothing is sent
     * again: a resolve is not refused as already done, a priority or a lesson is not recorded twice.
     * This costs a read of the target's stream per keyed write. A keyed request that is refused asks the
     * stream again, since another run may have been alive all along, only slower than the lease, and got
     * there first; ids derived from the request (see {@link IdGenerator}) make two such runs of a
     * create meet on one stream.
     */
    public Mono<Dispatched> dispatch(ServerWebExchange exchange, Target target,
                                     BiFunction<String, Instant, ?> command) {
        String correlationId = Optional.ofNullable(CorrelationIdFilter.correlationId(exchange))
                .orElseGet(() -> UUID.randomUUID().toString());
        Optional<IdempotentRequest> request = IdempotentRequest.of(exchange);
        Mono<Dispatched> sent = exchange.getPrincipal()
                .map(Principal::getName)
                .switchIfEmpty(Mono.error(() -> new DomainRejection(ErrorCode.UNAUTHENTICATED, "No authenticated user")))
                .flatMap(actor -> {
                    Map<String, String> metaData = new HashMap<>(Map.of(MetadataKeys.ACTOR, actor,
                            MetadataKeys.CORRELATION_ID, correlationId));
                    request.ifPresent(keyed -> metaData.put(MetadataKeys.REQUEST_ID, keyed.requestId()));
                    return dispatch(command.apply(actor, clock.instant()), metaData, target);
                });
        return request.map(keyed -> earlierRun(target, keyed.requestId())
                .switchIfEmpty(sent.onErrorResume(DomainRejection.class,
                        refused -> earlierRun(target, keyed.requestId()).switchIfEmpty(Mono.error(refused)))))
                .orElse(sent);
    }

    /**
     * For senders without an HTTP exchange (the demo seeder): the command already carries its actor and
     * instant, and the caller names the actor and the correlation id for the metadata.
     */
    public Mono<Dispatched> dispatch(Object command, String actor, String correlationId, Target target) {
        return dispatch(command, Map.of(MetadataKeys.ACTOR, actor, MetadataKeys.CORRELATION_ID, correlationId), target);
    }

    private Mono<Dispatched> dispatch(Object command, Map<String, String> stamps, Target target) {
        Map<String, Object> metaData = new HashMap<>(stamps);
        if (!target.expectedVersions().isEmpty()) {
            metaData.put(MetadataKeys.EXPECTED_VERSIONS, target.expectedVersions());
        }
        Timer.Sample sample = Timer.start(meters);
        Mono<Dispatched> sent = target.plausible()
                ? Mono.defer(() -> send(command, metaData))
                        .retryWhen(lostRaces)
                        .onErrorMap(failure -> translate(failure, target))
                : Mono.error(new DomainRejection(target.notFound(), "No such id: " + abbreviate(target.id())));
        return sent
                .doOnSuccess(done -> sample.stop(timer(command, "success")))
                .doOnError(failure -> sample.stop(timer(command, outcome(failure))));
    }

    /**
     * The result's metadata carries the aggregate's new version, if the handler reported one. The position
     * answered is past the command's own commit, read on the thread that appended it (Axon's simple command
     * bus runs the handler, its commit and this callback on the sending thread), and past this node's head.
     */
    private Mono<Dispatched> send(Object payload, Map<String, Object> metaData) {
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(payload).andMetaData(metaData);
        return Mono.fromFuture(() -> {
                    CompletableFuture<Dispatched> result = new CompletableFuture<>();
                    ledger.forgetCommitEndOnThisThread();
                    gateway.send(message, (CommandCallback<Object, Object>) (sent, answer) -> {
                        if (answer.isExceptional()) {
                            result.completeExceptionally(answer.exceptionResult());
                        } else {
                            result.complete(new Dispatched(Math.max(ledger.localHead(), ledger.commitEndOnThisThread()),
                                    answer.getMetaData().get(MetadataKeys.AGGREGATE_VERSION) instanceof Long version
                                            ? version : null));
                        }
                    });
                    return result;
                })
                .subscribeOn(scheduler);
    }

    /** The log's head (it reads the log, so off the event loop): the position of a write that appended nothing new. */
    public Mono<Long> logHead() {
        return Mono.fromCallable(ledger::head).subscribeOn(scheduler);
    }

    /**
     * Empty unless the target's stream holds an event of the request. The position answered is the
     * log's head, not this node's: the earlier run may have appended on another node. The version is
     * the one that run reached, not the stream's current one, so a retry answers the {@code ETag} the
     * first answer carried even when others wrote since.
     */
    private Mono<Dispatched> earlierRun(Target target, String requestId) {
        if (!target.plausible()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> lastAppendedBy(target.id(), requestId))
                .subscribeOn(scheduler)
                .map(version -> new Dispatched(ledger.head(), version));
    }

    /** The sequence number of the stream's last event of the request; null (so empty) for none. */
    private Long lastAppendedBy(String streamId, String requestId) {
        DomainEventStream events = ledger.readEvents(streamId);
        Long last = null;
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (requestId.equals(event.getMetaData().get(MetadataKeys.REQUEST_ID))) {
                last = event.getSequenceNumber();
            }
        }
        return last;
    }

    /** Only a race on a stream is worth retrying: the next attempt loads the winner's events first. */
    static boolean lostRace(Throwable failure) {
        Throwable error = Problems.unwrap(failure);
        return error instanceof ConcurrencyException
                || error instanceof DomainRejection rejection && rejection.code() == ErrorCode.CONCURRENCY_CONFLICT;
    }

    static Throwable translate(Throwable failure, Target target) {
        Throwable error = Problems.unwrap(failure);
        if (error instanceof AggregateNotFoundException || error instanceof IncompatibleAggregateException) {
            return new DomainRejection(target.notFound(), "No such id: " + abbreviate(target.id()));
        }
        if (error instanceof AggregateStreamCreationException) {
            return new DomainRejection(target.exists(), abbreviate(target.id()) + " already exists");
        }
        if (error instanceof CommandExecutionException wrapped && wrapped.getDetails().isPresent()) {
            return new DomainRejection(Problems.of(wrapped).code(), wrapped.getMessage());
        }
        if (error instanceof ConcurrencyException || error instanceof ConflictingModificationException) {
            return new DomainRejection(ErrorCode.CONCURRENCY_CONFLICT,
                    "Others kept changing " + abbreviate(target.id()) + " at the same time; retry");
        }
        return error;
    }

    private Timer timer(Object command, String outcome) {
        return Timer.builder(TIMER)
                .description("Commands sent from the HTTP edge, by type and outcome")
                .tag("command", command.getClass().getSimpleName())
                .tag("outcome", outcome)
                .register(meters);
    }

    static String outcome(Throwable failure) {
        if (Problems.unwrap(failure) instanceof DomainRejection rejection) {
            return rejection.code() == ErrorCode.CONCURRENCY_CONFLICT ? "conflict" : "rejected:" + rejection.code().name();
        }
        return "error";
    }

    private static String abbreviate(String id) {
        if (id == null) {
            return "(none)";
        }
        return id.length() <= 80 ? id : id.substring(0, 80) + "…";
    }
}
