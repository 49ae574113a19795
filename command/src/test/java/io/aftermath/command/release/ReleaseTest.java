package io.aftermath.command.release;

import static io.aftermath.command.Rejections.rejectedWith;

import java.time.Instant;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.command.directory.FakeReleaseDirectory;
import io.aftermath.command.directory.FakeTicketDirectory;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.PublishUserUpdate;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.retrospective.RetrospectiveClosed;

class ReleaseTest {

    static final String ID = "checkout@2.4.0";
    static final String ACTOR = "alice";
    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant DEPLOYED = Instant.parse("2025-03-01T09:00:00Z");

    private FixtureConfiguration<Release> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Release.class);
        fixture.registerInjectableResource(new FakeReleaseDirectory().with("checkout", "2.3.0"));
        fixture.registerInjectableResource(new FakeTicketDirectory().with("t-1", ID).with("t-2", ID));
    }

    static ReleaseRegistered registered() {
        return new ReleaseRegistered(ID, "checkout", "2.4.0", DEPLOYED, null, null, ACTOR, AT);
    }

    @Test
    void registering_a_release_records_its_facts() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(ID, "checkout", "2.4.0", DEPLOYED, null, "Faster basket", ACTOR, AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ReleaseRegistered(ID, "checkout", "2.4.0", DEPLOYED, null, "Faster basket", ACTOR, AT));
    }

    @Test
    void a_release_registered_without_deployment_time_was_deployed_when_registered() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(ID, "checkout", "2.4.0", null, null, null, ACTOR, AT))
                .expectEvents(new ReleaseRegistered(ID, "checkout", "2.4.0", AT, null, null, ACTOR, AT));
    }

    @Test
    void a_hotfix_names_the_existing_release_it_fixes() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.3.1", "checkout", "2.3.1", DEPLOYED, "checkout@2.3.0", null, ACTOR, AT))
                .expectEvents(new ReleaseRegistered("checkout@2.3.1", "checkout", "2.3.1", DEPLOYED, "checkout@2.3.0",
                        null, ACTOR, AT));
    }

    /** Refused before the store is asked to create the stream again, which would leave a void behind. */
    @Test
    void a_release_registered_already_is_refused_before_anything_is_appended() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.3.0", "checkout", "2.3.0", DEPLOYED, null, null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.RELEASE_EXISTS));
    }

    @Test
    void a_hotfix_deployed_before_the_release_it_fixes_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.3.1", "checkout", "2.3.1", Instant.parse("2024-12-31T23:59:59Z"),
                        "checkout@2.3.0", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_HOTFIX));
    }

    @Test
    void a_deployment_ahead_of_this_clock_by_less_than_the_skew_is_accepted() {
        Instant ahead = AT.plus(Release.CLOCK_SKEW);
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(ID, "checkout", "2.4.0", ahead, null, null, ACTOR, AT))
                .expectEvents(new ReleaseRegistered(ID, "checkout", "2.4.0", ahead, null, null, ACTOR, AT));
    }

    @Test
    void a_deployment_in_the_future_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(ID, "checkout", "2.4.0", AT.plus(Release.CLOCK_SKEW).plusSeconds(1), null, null,
                        ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void a_release_id_that_is_not_service_at_version_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.4.1", "checkout", "2.4.0", DEPLOYED, null, null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_RELEASE_ID));
    }

    @Test
    void a_version_with_whitespace_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.4 beta", "checkout", "2.4 beta", DEPLOYED, null, null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.INVALID_RELEASE_ID));
    }

    @Test
    void a_service_containing_an_at_sign_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("check@out@2.4.0", "check@out", "2.4.0", DEPLOYED, null, null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.INVALID_RELEASE_ID));
    }

    @Test
    void a_blank_version_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@", "checkout", "", DEPLOYED, null, null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.INVALID_RELEASE_ID));
    }

    @Test
    void a_hotfix_of_an_unknown_release_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(ID, "checkout", "2.4.0", DEPLOYED, "checkout@1.0.0", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.UNKNOWN_RELEASE));
    }

    @Test
    void a_hotfix_may_be_any_later_version_of_the_same_service() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.3.0.1", "checkout", "2.3.0.1", DEPLOYED, "checkout@2.3.0", null, ACTOR, AT))
                .expectEvents(new ReleaseRegistered("checkout@2.3.0.1", "checkout", "2.3.0.1", DEPLOYED, "checkout@2.3.0",
                        null, ACTOR, AT));
    }

    @Test
    void a_hotfix_of_another_services_release_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("search@2.3.1", "search", "2.3.1", DEPLOYED, "checkout@2.3.0", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_HOTFIX));
    }

    @Test
    void a_hotfix_older_than_the_release_it_fixes_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.2.9", "checkout", "2.2.9", DEPLOYED, "checkout@2.3.0", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_HOTFIX));
    }

    /** By semver a pre-release comes before its release, so 2.3.0-hotfix1 is not later than 2.3.0. */
    @Test
    void a_pre_release_of_the_fixed_version_is_not_a_hotfix() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease("checkout@2.3.0-hotfix1", "checkout", "2.3.0-hotfix1", DEPLOYED,
                        "checkout@2.3.0", null, ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.INVALID_HOTFIX));
    }

    @Test
    void a_release_cannot_be_a_hotfix_of_itself() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(ID, "checkout", "2.4.0", DEPLOYED, ID, null, ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void publishing_a_user_update_records_what_was_told_where() {
        fixture.given(registered())
                .when(new PublishUserUpdate(ID, "u-1", UserUpdateStatus.IDENTIFIED, Channel.STATUS_PAGE,
                        "Payments fail for some cards", List.of("t-1", "t-2", "t-1"), ACTOR, AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserUpdatePublished(ID, "u-1", UserUpdateStatus.IDENTIFIED, Channel.STATUS_PAGE,
                        "Payments fail for some cards", List.of("t-1", "t-2"), ACTOR, AT));
    }

    @Test
    void a_user_update_without_tickets_is_published_with_an_empty_list() {
        fixture.given(registered())
                .when(new PublishUserUpdate(ID, "u-1", UserUpdateStatus.INVESTIGATING, Channel.EMAIL, "Looking into it",
                        null, ACTOR, AT))
                .expectEvents(new UserUpdatePublished(ID, "u-1", UserUpdateStatus.INVESTIGATING, Channel.EMAIL,
                        "Looking into it", List.of(), ACTOR, AT));
    }

    @Test
    void a_user_update_naming_an_unknown_ticket_is_rejected() {
        fixture.given(registered())
                .when(new PublishUserUpdate(ID, "u-1", UserUpdateStatus.IDENTIFIED, Channel.IN_APP, "Found it",
                        List.of("t-1", "t-404"), ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.UNKNOWN_TICKET));
    }

    @Test
    void a_user_update_without_a_message_is_rejected() {
        fixture.given(registered())
                .when(new PublishUserUpdate(ID, "u-1", UserUpdateStatus.IDENTIFIED, Channel.IN_APP, " ", List.of(),
                        ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void a_user_update_without_a_channel_is_rejected() {
        fixture.given(registered())
                .when(new PublishUserUpdate(ID, "u-1", UserUpdateStatus.IDENTIFIED, null, "Found it", List.of(),
                        ACTOR, AT))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void publishing_the_same_user_update_twice_is_rejected() {
        fixture.given(registered(), new UserUpdatePublished(ID, "u-1", UserUpdateStatus.IDENTIFIED, Channel.EMAIL,
                        "Found it", List.of(), ACTOR, AT))
                .when(new PublishUserUpdate(ID, "u-1", UserUpdateStatus.MONITORING, Channel.EMAIL, "Watching",
                        List.of(), ACTOR, AT))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.USER_UPDATE_EXISTS));
    }

    @Test
    void users_are_still_told_after_the_retrospective_is_closed() {
        fixture.given(registered(), new RetrospectiveClosed(ID, "Done", ACTOR, AT))
                .when(new PublishUserUpdate(ID, "u-9", UserUpdateStatus.RESOLVED, Channel.STATUS_PAGE, "All good",
                        List.of(), ACTOR, AT))
                .expectEvents(new UserUpdatePublished(ID, "u-9", UserUpdateStatus.RESOLVED, Channel.STATUS_PAGE,
                        "All good", List.of(), ACTOR, AT));
    }
}
