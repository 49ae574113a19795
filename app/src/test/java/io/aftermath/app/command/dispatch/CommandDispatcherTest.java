package io.aftermath.app.command.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.CommandProperties;
import io.aftermath.command.web.Dispatched;
import io.aftermath.command.web.Target;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.metadata.MetadataKeys;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.retrospective.CloseRetrospective;
import io.aftermath.shared.ticket.AssignTicket;
import io.aftermath.shared.web.idempotency.IdempotentRequest;
import io.aftermath.shared.web.problem.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * How the edge sends commands: retries of lost races, translated failures, metadata and metrics, and
 * the runs of keyed requests that take over from a dead node.
 */
class CommandDispatcherTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    CommandGateway gateway = mock(CommandGateway.class);
    MongoLedgerStorageEngine ledger = mock(MongoLedgerStorageEngine.class);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CommandDispatcher dispatcher;
    MockServerWebExchange exchange;

    @BeforeEach
    void setUp() {
        dispatcher = new CommandDispatcher(gateway, ledger, Schedulers.immediate(), Clock.fixed(NOW, ZoneOffset.UTC),
                meters, new CommandProperties(1, 10, 3, Duration.ofMillis(1)));
        Principal dana = () -> "dana";
        exchange = MockServerWebExchange.builder(MockServerHttpRequest.post("/api/tickets/t-1/assign")).principal(dana)
                .build();
        when(ledger.localHead()).thenReturn(42L);
        // The log's head as read, which sees other nodes; this node's own appends end at 42.
        when(ledger.head()).thenReturn(43L);
    }

    @Test
    void a_command_goes_out_with_actor_time_and_correlation_and_answers_the_log_head() {
        replies(CompletableFuture.completedFuture(null));

        StepVerifier.create(assign()).expectNext(new Dispatched(42L)).verifyComplete();

        CommandMessage<?> sent = sentMessages(1).get(0);
        assertThat(sent.getPayload()).isEqualTo(new AssignTicket("t-1", "ana", "dana", NOW));
        assertThat(sent.getMetaData()).containsEntry("actor", "dana").containsKey("correlationId");
        assertThat(count("AssignTicket", "success")).isEqualTo(1);
    }

    @Test
    void a_race_lost_on_the_stream_is_retried_until_it_is_won() {
        replies(CompletableFuture.failedFuture(new ConcurrencyException("lost")),
                CompletableFuture.failedFuture(new ConcurrencyException("lost again")),
                CompletableFuture.completedFuture(null));

        StepVerifier.create(assign()).expectNextCount(1).verifyComplete();

        List<CommandMessage<?>> attempts = sentMessages(3);
        assertThat(attempts.stream().map(CommandMessage::getPayload).distinct()).hasSize(1);
        assertThat(attempts.stream().map(CommandMessage::getIdentifier).distinct()).hasSize(3);
    }

    @Test
    void a_race_lost_every_time_is_a_409_concurrency_conflict_after_three_retries() {
        replies(CompletableFuture.failedFuture(new ConcurrencyException("lost")));

        StepVerifier.create(assign())
                .verifyErrorSatisfies(error -> {
                    assertThat(error).isInstanceOfSatisfying(DomainRejection.class,
                            rejection -> assertThat(rejection.code()).isEqualTo(ErrorCode.CONCURRENCY_CONFLICT));
                    assertThat(Problems.of(error).status()).isEqualTo(409);
                });

        sentMessages(4);
        assertThat(count("AssignTicket", "conflict")).isEqualTo(1);
    }

    @Test
    void a_second_registration_of_a_stream_is_not_retried_but_named_by_the_endpoint() {
        replies(CompletableFuture.failedFuture(new AggregateStreamCreationException("taken")));

        StepVerifier.create(dispatcher.dispatch(exchange, Target.release("checkout@1.0"),
                        (actor, at) -> new RegisterRelease("checkout@1.0", "checkout", "1.0", null, null, null, actor, at)))
                .verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                        .isEqualTo(ErrorCode.RELEASE_EXISTS));

        sentMessages(1);
        assertThat(count("RegisterRelease", "rejected:RELEASE_EXISTS")).isEqualTo(1);
    }

    @Test
    void a_missing_aggregate_is_the_endpoints_not_found() {
        replies(CompletableFuture.failedFuture(new AggregateNotFoundException("t-1", "none")));

        StepVerifier.create(assign()).verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                .isEqualTo(ErrorCode.TICKET_NOT_FOUND));
    }

    @Test
    void a_rejection_wrapped_by_the_bus_keeps_its_code() {
        replies(CompletableFuture.failedFuture(
                new CommandExecutionException("The ticket is closed", null, "TICKET_CLOSED")));

        StepVerifier.create(assign()).verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                .isEqualTo(ErrorCode.TICKET_CLOSED));
    }

    @Test
    void a_rejection_inside_a_completion_exception_is_unwrapped() {
        replies(CompletableFuture.failedFuture(new CompletionException(
                new DomainRejection(ErrorCode.TICKET_NOT_TRIAGED, "prioritise first"))));

        StepVerifier.create(assign()).verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                .isEqualTo(ErrorCode.TICKET_NOT_TRIAGED));
        assertThat(count("AssignTicket", "rejected:TICKET_NOT_TRIAGED")).isEqualTo(1);
    }

    @Test
    void an_id_that_cannot_exist_is_not_found_without_sending_anything() {
        StepVerifier.create(dispatcher.dispatch(exchange, Target.ticket("x".repeat(500)),
                        (actor, at) -> new AssignTicket("x".repeat(500), "ana", actor, at)))
                .verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                        .isEqualTo(ErrorCode.TICKET_NOT_FOUND));

        verify(gateway, times(0)).send(any(), any(CommandCallback.class));
    }

    @Test
    void a_release_id_that_is_no_service_at_version_is_not_found_without_sending_anything() {
        StepVerifier.create(dispatcher.dispatch(exchange, Target.release("nope"),
                        (actor, at) -> new CloseRetrospective("nope", "summary", actor, at)))
                .verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                        .isEqualTo(ErrorCode.RELEASE_NOT_FOUND));

        verify(gateway, times(0)).send(any(), any(CommandCallback.class));
    }

    @Test
    void a_keyed_request_names_itself_in_the_commands_metadata() {
        new IdempotentRequest("r-1").attachTo(exchange);
        when(ledger.readEvents("t-1")).thenReturn(stream(event("r-0")));
        replies(CompletableFuture.completedFuture(null));

        StepVerifier.create(assign()).expectNext(new Dispatched(42L)).verifyComplete();

        assertThat(sentMessages(1).get(0).getMetaData()).containsEntry("requestId", "r-1");
    }

    /** Before, only a run taken over after the lease looked; a retry after a crash lost the key's record ran again. */
    @Test
    void a_keyed_request_whose_earlier_run_is_in_the_log_is_answered_without_sending_again() {
        new IdempotentRequest("r-1").attachTo(exchange);
        when(ledger.readEvents("t-1")).thenReturn(stream(event("r-0"), event("r-1"), event("r-2")));

        StepVerifier.create(assign()).expectNext(new Dispatched(43L, 1L)).verifyComplete();

        verify(gateway, times(0)).send(any(), any(CommandCallback.class));
    }

    @Test
    void a_keyed_request_refused_because_a_slower_earlier_run_got_there_first_is_answered_as_done() {
        new IdempotentRequest("r-1").attachTo(exchange);
        when(ledger.readEvents("t-1")).thenReturn(stream(event("r-0")), stream(event("r-0"), event("r-1")));
        replies(CompletableFuture.failedFuture(
                new CommandExecutionException("The ticket is closed", null, "TICKET_CLOSED")));

        StepVerifier.create(assign()).expectNext(new Dispatched(43L, 1L)).verifyComplete();

        sentMessages(1);
    }

    @Test
    void a_keyed_request_whose_earlier_run_left_nothing_keeps_its_refusal() {
        new IdempotentRequest("r-1").attachTo(exchange);
        when(ledger.readEvents("t-1")).thenReturn(stream(event("r-0")), stream(event("r-0")));
        replies(CompletableFuture.failedFuture(
                new CommandExecutionException("The ticket is closed", null, "TICKET_CLOSED")));

        StepVerifier.create(assign()).verifyErrorSatisfies(error -> assertThat(((DomainRejection) error).code())
                .isEqualTo(ErrorCode.TICKET_CLOSED));
    }

    private static DomainEventMessage<?> event(String requestId) {
        return new GenericDomainEventMessage<>("Ticket", "t-1", 0, "payload", MetaData.with("requestId", requestId));
    }

    /** The stream's events in order, numbered from 0 as the store numbers them. */
    private static DomainEventStream stream(DomainEventMessage<?>... events) {
        DomainEventMessage<?>[] numbered = new DomainEventMessage<?>[events.length];
        for (int i = 0; i < events.length; i++) {
            numbered[i] = new GenericDomainEventMessage<>(events[i].getType(), events[i].getAggregateIdentifier(), i,
                    events[i].getPayload(), events[i].getMetaData());
        }
        return DomainEventStream.of(numbered);
    }

    @Test
    void a_write_with_if_match_carries_the_versions_read_and_answers_the_version_the_handler_reached() {
        replies(CompletableFuture.completedFuture(new GenericCommandResultMessage<>(null,
                Map.of(MetadataKeys.AGGREGATE_VERSION, 4L))));

        StepVerifier.create(dispatcher.dispatch(exchange, Target.ticket("t-1").ifMatch("\"3\""),
                        (actor, at) -> new AssignTicket("t-1", "ana", actor, at)))
                .expectNext(new Dispatched(42L, 4L)).verifyComplete();

        assertThat(sentMessages(1).get(0).getMetaData()).containsEntry(MetadataKeys.EXPECTED_VERSIONS, List.of(3L));
    }

    /** Two nodes both passed the check on version 3; the loser reloads the winner's event and fails it. */
    @Test
    void a_conditional_write_that_loses_the_append_race_is_retried_and_then_refused_with_412() {
        replies(CompletableFuture.failedFuture(new ConcurrencyException("lost")),
                CompletableFuture.failedFuture(new DomainRejection(ErrorCode.PRECONDITION_FAILED, "at 4, not 3")));

        StepVerifier.create(dispatcher.dispatch(exchange, Target.ticket("t-1").ifMatch("\"3\""),
                        (actor, at) -> new AssignTicket("t-1", "ana", actor, at)))
                .verifyErrorSatisfies(error -> assertThat(Problems.of(error).status()).isEqualTo(412));
        assertThat(sentMessages(2)).allSatisfy(sent ->
                assertThat(sent.getMetaData()).containsEntry(MetadataKeys.EXPECTED_VERSIONS, List.of(3L)));
    }

    private reactor.core.publisher.Mono<Dispatched> assign() {
        return dispatcher.dispatch(exchange, Target.ticket("t-1"), (actor, at) -> new AssignTicket("t-1", "ana", actor, at));
    }

    /** The gateway answers each send with the next result, the last one from then on. */
    private void replies(CompletableFuture<?>... results) {
        AtomicInteger calls = new AtomicInteger();
        doAnswer(invocation -> {
            CompletableFuture<?> result = results[Math.min(calls.getAndIncrement(), results.length - 1)];
            CommandMessage<Object> message = invocation.getArgument(0);
            CommandCallback<Object, Object> callback = invocation.getArgument(1);
            result.handle((value, failure) -> {
                callback.onResult(message, failure == null ? GenericCommandResultMessage.asCommandResultMessage(value)
                        : GenericCommandResultMessage.asCommandResultMessage(failure));
                return null;
            });
            return null;
        }).when(gateway).send(any(), any(CommandCallback.class));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<CommandMessage<?>> sentMessages(int expected) {
        ArgumentCaptor<CommandMessage> captor = ArgumentCaptor.forClass(CommandMessage.class);
        verify(gateway, times(expected)).send(captor.capture(), any(CommandCallback.class));
        return (List) captor.getAllValues();
    }

    private long count(String command, String outcome) {
        var timer = meters.find("aftermath.commands").tag("command", command).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
