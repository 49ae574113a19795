package io.aftermath.command.ticket;

import static io.aftermath.command.Rejections.rejectedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.aftermath.command.directory.EventStoreTicketDirectory;
import io.aftermath.command.directory.FakeReleaseDirectory;
import io.aftermath.command.precondition.VersionReporting;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.metadata.MetadataKeys;
import io.aftermath.shared.ticket.AssignTicket;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.Reopen;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Resolve;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

class TicketTest {

    static final String ID = "t-1";
    static final String RELEASE = "checkout@2.4.0";
    static final String REPORTER = "rita";
    static final String ACTOR = "tom";
    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    private FixtureConfiguration<Ticket> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Ticket.class);
        FakeReleaseDirectory releases = new FakeReleaseDirectory()
                .with("checkout", "2.4.0").with("checkout", "2.4.1-rc1").withHotfix("checkout", "2.4.1", RELEASE)
                .with("checkout", "2.4.1+build.2")
                .with("checkout", "2.9.1").with("checkout", "2.10.0").with("checkout", "2.3.0").with("search", "3.0.0")
                .with("search", "2.0.0", Instant.parse("2024-12-31T23:59:59Z"))
                .with("checkout", "2.11.0", AT.plusSeconds(240));
        fixture.registerInjectableResource(releases);
        // Reopening a duplicate writes on two tickets (see DuplicateMarkingTest); here, only the one ticket.
        fixture.registerAnnotatedCommandHandler(new Reopening(fixture.getRepository(),
                new EventStoreTicketDirectory(fixture.getEventStore()), releases));
    }

    static TicketReported reported() {
        return new TicketReported(ID, RELEASE, "Card payments fail", "500 on /pay", "payments", "support", REPORTER, AT);
    }

    static TicketPrioritised prioritised(Severity severity, Urgency urgency, Priority priority, Priority previous) {
        return new TicketPrioritised(ID, severity, urgency, priority, previous, "customers blocked", ACTOR, AT);
    }

    static TicketPrioritised prioritised() {
        return prioritised(Severity.S2, Urgency.MEDIUM, Priority.P2, null);
    }

    static TicketResolved resolved(Resolution resolution, String fixedIn) {
        return new TicketResolved(ID, RELEASE, resolution, "Fixed the gateway timeout", fixedIn, ACTOR, AT);
    }

    static TicketMarkedDuplicate markedDuplicate() {
        return new TicketMarkedDuplicate(ID, "t-0", "t-0", RELEASE, ACTOR, AT);
    }

    // Reporting

    @Test
    void reporting_a_ticket_against_a_known_release_records_the_reporter() {
        fixture.givenNoPriorActivity()
                .when(new ReportTicket(ID, RELEASE, "Card payments fail", "500 on /pay", "payments", "support",
                        REPORTER, AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(reported())
                .expectState(ticket -> assertEquals(TicketStatus.REPORTED, ticket.status()));
    }

    @Test
    void reporting_against_an_unknown_release_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new ReportTicket(ID, "checkout@9.9.9", "Card payments fail", "500", null, null, REPORTER, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.UNKNOWN_RELEASE));
    }

    @Test
    void reporting_without_a_title_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new ReportTicket(ID, RELEASE, " ", "500 on /pay", null, null, REPORTER, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    /** The rule the HTTP layer applies, kept by the aggregate for commands sent from elsewhere. */
    @Test
    void reporting_with_a_title_that_shows_nothing_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new ReportTicket(ID, RELEASE, "\u200b\u00a0", "500 on /pay", null, null, REPORTER, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void reporting_without_a_description_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new ReportTicket(ID, RELEASE, "Card payments fail", null, null, null, REPORTER, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    // Prioritising

    @Test
    void prioritising_derives_the_priority_and_triages_the_ticket() {
        fixture.given(reported())
                .when(new Prioritise(ID, Severity.S2, Urgency.MEDIUM, "customers blocked", ACTOR, AT))
                .expectEvents(prioritised())
                .expectResultMessagePayload(Priority.P2)
                .expectState(ticket -> assertEquals(TicketStatus.TRIAGED, ticket.status()));
    }

    @Test
    void reprioritising_is_a_new_event_that_remembers_the_previous_priority() {
        fixture.given(reported(), prioritised(), new TicketAssigned(ID, "ana", ACTOR, AT))
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "customers blocked", ACTOR, AT))
                .expectEvents(prioritised(Severity.S1, Urgency.HIGH, Priority.P1, Priority.P2))
                .expectState(ticket -> assertEquals(TicketStatus.IN_PROGRESS, ticket.status()));
    }

    @Test
    void prioritising_a_reopened_ticket_triages_it_again() {
        fixture.given(reported(), prioritised(), resolved(Resolution.FIXED, null),
                        new TicketReopened(ID, RELEASE, "still failing", null, ACTOR, AT))
                .when(new Prioritise(ID, Severity.S4, Urgency.LOW, "customers blocked", ACTOR, AT))
                .expectEvents(prioritised(Severity.S4, Urgency.LOW, Priority.P4, Priority.P2))
                .expectState(ticket -> assertEquals(TicketStatus.TRIAGED, ticket.status()));
    }

    @Test
    void prioritising_a_resolved_ticket_is_rejected() {
        fixture.given(reported(), resolved(Resolution.WONT_FIX, null))
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "why", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_CLOSED));
    }

    @Test
    void prioritising_a_duplicate_is_rejected() {
        fixture.given(reported(), markedDuplicate())
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "why", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_CLOSED));
    }

    @Test
    void prioritising_without_a_reason_is_rejected() {
        fixture.given(reported())
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "", ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void prioritising_without_a_severity_is_rejected() {
        fixture.given(reported())
                .when(new Prioritise(ID, null, Urgency.HIGH, "why", ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    // Assigning

    @Test
    void assigning_a_prioritised_ticket_puts_it_in_progress() {
        fixture.given(reported(), prioritised())
                .when(new AssignTicket(ID, "ana", ACTOR, AT))
                .expectEvents(new TicketAssigned(ID, "ana", ACTOR, AT))
                .expectState(ticket -> assertEquals(TicketStatus.IN_PROGRESS, ticket.status()));
    }

    @Test
    void assigning_before_prioritising_is_rejected() {
        fixture.given(reported())
                .when(new AssignTicket(ID, "ana", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_NOT_TRIAGED));
    }

    @Test
    void assigning_the_same_assignee_again_changes_nothing() {
        fixture.given(reported(), prioritised(), new TicketAssigned(ID, "ana", ACTOR, AT))
                .when(new AssignTicket(ID, "ana", ACTOR, AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void reassigning_to_someone_else_is_recorded() {
        fixture.given(reported(), prioritised(), new TicketAssigned(ID, "ana", ACTOR, AT))
                .when(new AssignTicket(ID, "ben", ACTOR, AT))
                .expectEvents(new TicketAssigned(ID, "ben", ACTOR, AT));
    }

    @Test
    void assigning_a_resolved_ticket_is_rejected() {
        fixture.given(reported(), prioritised(), resolved(Resolution.FIXED, null))
                .when(new AssignTicket(ID, "ana", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_CLOSED));
    }

    @Test
    void assigning_a_duplicate_is_rejected() {
        fixture.given(reported(), prioritised(), markedDuplicate())
                .when(new AssignTicket(ID, "ana", ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.TICKET_CLOSED));
    }

    @Test
    void assigning_without_an_assignee_is_rejected() {
        fixture.given(reported(), prioritised())
                .when(new AssignTicket(ID, " ", ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    // Resolving

    @Test
    void resolving_records_the_outcome_and_the_fixing_release() {
        fixture.given(reported(), prioritised(), new TicketAssigned(ID, "ana", ACTOR, AT))
                .when(new Resolve(ID, Resolution.HOTFIXED, "Fixed the gateway timeout", "checkout@2.4.1", ACTOR, AT))
                .expectEvents(resolved(Resolution.HOTFIXED, "checkout@2.4.1"))
                .expectState(ticket -> assertEquals(TicketStatus.RESOLVED, ticket.status()));
    }

    @Test
    void a_misunderstood_feature_is_resolved_without_triage() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.WORKS_AS_DESIGNED, "Fixed the gateway timeout", null, ACTOR, AT))
                .expectEvents(resolved(Resolution.WORKS_AS_DESIGNED, null));
    }

    @Test
    void a_hotfix_without_its_release_is_rejected() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.HOTFIXED, "Patched", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.HOTFIX_REQUIRES_RELEASE));
    }

    @Test
    void a_fix_in_an_unknown_release_is_rejected() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.FIXED, "Patched", "checkout@9.9.9", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.UNKNOWN_RELEASE));
    }

    @Test
    void a_fix_in_the_faulty_release_itself_is_rejected() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.FIXED, "Patched", RELEASE, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_FIX_RELEASE));
    }

    @Test
    void a_fix_in_an_earlier_version_of_the_service_is_rejected() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.FIXED, "Patched", "checkout@2.3.0", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_FIX_RELEASE));
    }

    @Test
    void a_fix_may_ship_in_any_release_of_another_service() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.FIXED, "Fixed the gateway timeout", "search@3.0.0", ACTOR, AT))
                .expectEvents(resolved(Resolution.FIXED, "search@3.0.0"));
    }

    /** Before: taken, and a later sighting of the feature working as designed counted as a regression. */
    @ParameterizedTest
    @EnumSource(value = Resolution.class, names = {"WORKS_AS_DESIGNED", "DOCUMENTED", "WONT_FIX"})
    void a_resolution_that_ships_no_fix_names_no_release(Resolution resolution) {
        fixture.given(reported())
                .when(new Resolve(ID, resolution, "Not a fault", "checkout@2.9.1", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void a_fix_in_another_service_deployed_before_the_faulty_release_is_rejected() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.FIXED, "Patched", "search@2.0.0", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_FIX_RELEASE));
    }

    @Test
    void a_hotfix_resolution_names_a_release_registered_as_a_hotfix() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.HOTFIXED, "Patched", "checkout@2.9.1", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_FIX_RELEASE));
    }

    @Test
    void resolving_without_a_summary_is_rejected() {
        fixture.given(reported())
                .when(new Resolve(ID, Resolution.FIXED, " ", null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void resolving_a_duplicate_is_rejected() {
        fixture.given(reported(), markedDuplicate())
                .when(new Resolve(ID, Resolution.FIXED, "Patched", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_IS_DUPLICATE));
    }

    @Test
    void resolving_again_with_the_same_outcome_changes_nothing() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"))
                .when(new Resolve(ID, Resolution.FIXED, "Fixed the gateway timeout", "checkout@2.4.1", ACTOR, AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** Was answered 200 while the new summary was dropped. */
    @Test
    void resolving_again_with_another_summary_is_rejected() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"))
                .when(new Resolve(ID, Resolution.FIXED, "Other words, same fix", "checkout@2.4.1", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_ALREADY_RESOLVED));
    }

    @Test
    void resolving_again_with_another_resolution_is_rejected() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"))
                .when(new Resolve(ID, Resolution.WONT_FIX, "Nope", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_ALREADY_RESOLVED));
    }

    @Test
    void resolving_again_in_another_release_is_rejected() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"))
                .when(new Resolve(ID, Resolution.FIXED, "Patched", "checkout@2.9.1", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_ALREADY_RESOLVED));
    }

    @Test
    void a_reopened_ticket_is_resolved_again() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"),
                        new TicketReopened(ID, RELEASE, "still failing", null, ACTOR, AT))
                .when(new Resolve(ID, Resolution.FIXED, "Fixed the gateway timeout", "checkout@2.9.1", ACTOR, AT))
                .expectEvents(resolved(Resolution.FIXED, "checkout@2.9.1"));
    }

    // Reopening

    @Test
    void reopening_a_resolved_ticket_puts_it_back_in_the_queue() {
        fixture.given(reported(), resolved(Resolution.WONT_FIX, null))
                .when(new Reopen(ID, "customers insist", null, ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "customers insist", null, ACTOR, AT))
                .expectState(ticket -> assertEquals(TicketStatus.REOPENED, ticket.status()));
    }

    @Test
    void reopening_an_open_ticket_is_rejected() {
        fixture.given(reported(), prioritised())
                .when(new Reopen(ID, "again", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_NOT_RESOLVED));
    }

    @Test
    void reopening_a_reopened_ticket_is_rejected() {
        fixture.given(reported(), resolved(Resolution.FIXED, null),
                        new TicketReopened(ID, RELEASE, "still failing", null, ACTOR, AT))
                .when(new Reopen(ID, "again", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.TICKET_NOT_RESOLVED));
    }

    @Test
    void reopening_without_a_reason_is_rejected() {
        fixture.given(reported(), resolved(Resolution.FIXED, null))
                .when(new Reopen(ID, "", null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void reopening_as_observed_in_an_unknown_release_is_rejected() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"))
                .when(new Reopen(ID, "back", "checkout@9.9.9", ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.UNKNOWN_RELEASE));
    }

    @Test
    void seen_again_in_the_fixing_release_is_a_regression() {
        fixture.given(reported(), resolved(Resolution.HOTFIXED, "checkout@2.4.1"))
                .when(new Reopen(ID, "back", "checkout@2.4.1", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.4.1", ACTOR, AT),
                        new RegressionDetected(ID, RELEASE, "checkout@2.4.1", "checkout@2.4.1", ACTOR, AT));
    }

    /** A log written before such resolutions were refused may hold a WONT_FIX with a fixedIn. */
    @Test
    void seen_again_after_a_resolution_that_shipped_no_fix_is_no_regression() {
        fixture.given(reported(), resolved(Resolution.WONT_FIX, "checkout@2.9.1"))
                .when(new Reopen(ID, "back", "checkout@2.10.0", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.10.0", ACTOR, AT));
    }

    @Test
    void seen_again_in_a_numerically_later_release_is_a_regression() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.9.1"))
                .when(new Reopen(ID, "back", "checkout@2.10.0", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.10.0", ACTOR, AT),
                        new RegressionDetected(ID, RELEASE, "checkout@2.9.1", "checkout@2.10.0", ACTOR, AT));
    }

    @Test
    void seen_again_in_an_earlier_release_is_not_a_regression() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.10.0"))
                .when(new Reopen(ID, "back", "checkout@2.9.1", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.9.1", ACTOR, AT));
    }

    /** A pre-release precedes its release (semver), so the fix was not in it yet. */
    @Test
    void seen_again_in_a_pre_release_of_the_fixing_release_is_not_a_regression() {
        fixture.given(reported(), resolved(Resolution.HOTFIXED, "checkout@2.4.1"))
                .when(new Reopen(ID, "back", "checkout@2.4.1-rc1", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.4.1-rc1", ACTOR, AT));
    }

    /** Build metadata does not rank (semver): a rebuild of the fixing release still holds the fix. */
    @Test
    void seen_again_in_a_rebuild_of_the_fixing_release_is_a_regression() {
        fixture.given(reported(), resolved(Resolution.HOTFIXED, "checkout@2.4.1"))
                .when(new Reopen(ID, "back", "checkout@2.4.1+build.2", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.4.1+build.2", ACTOR, AT),
                        new RegressionDetected(ID, RELEASE, "checkout@2.4.1", "checkout@2.4.1+build.2", ACTOR, AT));
    }

    @Test
    void seen_again_in_another_service_is_not_a_regression() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.4.1"))
                .when(new Reopen(ID, "back", "search@3.0.0", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "search@3.0.0", ACTOR, AT));
    }

    /** The contract's "a ticket reopened after the release it was fixed in is a regression" (tester 85). */
    @Test
    void reopened_without_saying_where_after_its_fix_shipped_is_a_regression() {
        fixture.given(reported(), resolved(Resolution.HOTFIXED, "checkout@2.4.1"))
                .when(new Reopen(ID, "back", null, ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", null, ACTOR, AT),
                        new RegressionDetected(ID, RELEASE, "checkout@2.4.1", null, ACTOR, AT));
    }

    /** A release may be registered a few minutes before it is deployed: its fix has not reached anyone yet. */
    @Test
    void reopened_without_saying_where_before_its_fix_deployed_is_not_a_regression() {
        fixture.given(reported(), resolved(Resolution.FIXED, "checkout@2.11.0"))
                .when(new Reopen(ID, "back", null, ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", null, ACTOR, AT));
    }

    @Test
    void reopened_without_saying_where_after_a_resolution_that_named_no_fix_is_not_a_regression() {
        fixture.given(reported(), resolved(Resolution.FIXED, null))
                .when(new Reopen(ID, "back", null, ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", null, ACTOR, AT));
    }

    @Test
    void a_ticket_resolved_without_a_fixing_release_never_regresses() {
        fixture.given(reported(), resolved(Resolution.DOCUMENTED, null))
                .when(new Reopen(ID, "back", "checkout@2.10.0", ACTOR, AT))
                .expectEvents(new TicketReopened(ID, RELEASE, "back", "checkout@2.10.0", ACTOR, AT));
    }

    // Conditional writes (If-Match): the versions the client read travel in the command's metadata

    static Map<String, Object> expecting(long... versions) {
        return Map.of(MetadataKeys.EXPECTED_VERSIONS, Arrays.stream(versions).boxed().toList());
    }

    @Test
    void a_write_expecting_the_current_version_is_handled_and_reports_the_next() {
        fixture.registerCommandHandlerInterceptor(new VersionReporting());
        fixture.given(reported(), prioritised())
                .when(new AssignTicket(ID, "dana", ACTOR, AT), expecting(1))
                .expectEvents(new TicketAssigned(ID, "dana", ACTOR, AT))
                .expectResultMessageMatching(Matchers.predicate(result ->
                        Long.valueOf(2).equals(result.getMetaData().get(MetadataKeys.AGGREGATE_VERSION))));
    }

    @Test
    void a_write_expecting_an_older_version_is_refused_and_applies_nothing() {
        fixture.given(reported(), prioritised())
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "outage", ACTOR, AT), expecting(0))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.PRECONDITION_FAILED));
    }

    @Test
    void a_write_may_expect_any_of_several_versions() {
        fixture.given(reported())
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "outage", ACTOR, AT), expecting(4, 0))
                .expectSuccessfulHandlerExecution();
    }

    /** Nothing about the ticket as it is now is judged against a version the client did not see. */
    @Test
    void the_version_is_checked_before_any_rule_of_the_domain() {
        fixture.given(reported(), resolved(Resolution.FIXED, null))
                .when(new Prioritise(ID, Severity.S1, Urgency.HIGH, "outage", ACTOR, AT), expecting(0))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.PRECONDITION_FAILED));
    }

    @Test
    void reopening_checks_the_version_of_the_ticket_it_reopens() {
        fixture.registerCommandHandlerInterceptor(new VersionReporting());
        fixture.given(reported(), resolved(Resolution.FIXED, null))
                .when(new Reopen(ID, "seen again", null, ACTOR, AT), expecting(0))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.PRECONDITION_FAILED));
        fixture.given(reported(), resolved(Resolution.FIXED, null))
                .when(new Reopen(ID, "seen again", null, ACTOR, AT), expecting(1))
                .expectEvents(new TicketReopened(ID, RELEASE, "seen again", null, ACTOR, AT))
                .expectResultMessageMatching(Matchers.predicate(result ->
                        Long.valueOf(2).equals(result.getMetaData().get(MetadataKeys.AGGREGATE_VERSION))));
    }
}
