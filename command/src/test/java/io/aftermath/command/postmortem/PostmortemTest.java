package io.aftermath.command.postmortem;

import static io.aftermath.command.Rejections.rejectedWith;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.command.directory.PostmortemDirectory;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.postmortem.ImportPostmortem;
import io.aftermath.shared.postmortem.PostmortemContent;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.postmortem.PostmortemRevised;
import io.aftermath.shared.postmortem.RevisePostmortem;

class PostmortemTest {

    static final String ID = "pm-3f9a";
    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant START = Instant.parse("2017-02-28T17:37:00Z");
    static final Instant END = Instant.parse("2017-02-28T21:54:00Z");

    private FixtureConfiguration<Postmortem> fixture;
    private final Set<String> imported = new HashSet<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Postmortem.class);
        fixture.registerInjectableResource((PostmortemDirectory) imported::contains);
    }

    static ImportPostmortem importing(String title, String body) {
        return new ImportPostmortem(ID, "icco", "s3-2017", title, "AWS", "S3", List.of("config-change"),
                List.of("typo", "us-east-1"), START, END, "A mistyped command removed servers", body,
                "https://aws.amazon.com/message/41926/", "importer", AT);
    }

    @Test
    void importing_a_postmortem_keeps_every_field() {
        fixture.givenNoPriorActivity()
                .when(importing("S3 outage", "A command was entered incorrectly"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PostmortemImported(ID, "icco", "s3-2017", "S3 outage", "AWS", "S3",
                        List.of("config-change"), List.of("typo", "us-east-1"), START, END,
                        "A mistyped command removed servers", "A command was entered incorrectly",
                        "https://aws.amazon.com/message/41926/", "importer", AT));
    }

    @Test
    void a_minimal_postmortem_needs_only_source_title_and_body() {
        fixture.givenNoPriorActivity()
                .when(new ImportPostmortem(ID, "ndjson", null, "Outage", null, null, null, null, null, null, null,
                        "What happened", null, "importer", AT))
                .expectEvents(new PostmortemImported(ID, "ndjson", null, "Outage", null, null, List.of(), List.of(),
                        null, null, null, "What happened", null, "importer", AT));
    }

    /** Refused before the store is asked to create the stream again, which would leave a void behind. */
    @Test
    void a_postmortem_imported_already_is_refused_before_anything_is_appended() {
        imported.add(ID);

        fixture.givenNoPriorActivity()
                .when(importing("S3 outage", "A command was entered incorrectly"))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.POSTMORTEM_EXISTS));
    }

    @Test
    void a_postmortem_without_a_title_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(importing(" ", "A command was entered incorrectly"))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.POSTMORTEM_INVALID));
    }

    @Test
    void a_postmortem_without_a_body_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(importing("S3 outage", null))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.POSTMORTEM_INVALID));
    }

    @Test
    void a_postmortem_without_a_source_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new ImportPostmortem(ID, "", null, "Outage", null, null, null, null, null, null, null,
                        "What happened", null, "importer", AT))
                .expectException(rejectedWith(ErrorCode.POSTMORTEM_INVALID));
    }

    /** Before, a corrected document imported again was skipped: the ledger kept the first version for good (tester 31). */
    @Test
    void imported_again_with_other_content_it_is_revised_keeping_where_and_when_it_was_first_imported() {
        PostmortemContent corrected = content("S3 outage", "A command was entered incorrectly, twice");

        fixture.given(imported("S3 outage", "A command was entered incorrectly"))
                .when(new RevisePostmortem(ID, corrected, "editor", LATER))
                .expectEvents(new PostmortemRevised(ID, "icco", "s3-2017", corrected, 1, AT, "importer", "editor", LATER));
    }

    @Test
    void each_revision_counts_on_from_the_last() {
        PostmortemContent first = content("S3 outage", "First correction");
        PostmortemContent second = content("S3 outage (us-east-1)", "First correction");

        fixture.given(imported("S3 outage", "A command was entered incorrectly"),
                        new PostmortemRevised(ID, "icco", "s3-2017", first, 1, AT, "importer", "editor", LATER))
                .when(new RevisePostmortem(ID, second, "editor", LATER.plusSeconds(60)))
                .expectEvents(new PostmortemRevised(ID, "icco", "s3-2017", second, 2, AT, "importer", "editor",
                        LATER.plusSeconds(60)));
    }

    /** Re-importing a whole collection is routine: what did not change appends nothing and counts as skipped. */
    @Test
    void imported_again_with_the_same_content_it_is_refused_as_existing_and_nothing_is_appended() {
        fixture.given(imported("S3 outage", "A command was entered incorrectly"))
                .when(new RevisePostmortem(ID, content("S3 outage", "A command was entered incorrectly"), "editor",
                        LATER))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.POSTMORTEM_EXISTS));
    }

    @Test
    void a_revision_without_a_title_is_rejected() {
        fixture.given(imported("S3 outage", "A command was entered incorrectly"))
                .when(new RevisePostmortem(ID, content(" ", "Text"), "editor", LATER))
                .expectNoEvents()
                .expectException(rejectedWith(ErrorCode.POSTMORTEM_INVALID));
    }

    private static final Instant LATER = AT.plusSeconds(86_400);

    private static PostmortemImported imported(String title, String body) {
        return new PostmortemImported(ID, "icco", "s3-2017", title, "AWS", "S3", List.of("config-change"),
                List.of("typo", "us-east-1"), START, END, "A mistyped command removed servers", body,
                "https://aws.amazon.com/message/41926/", "importer", AT);
    }

    private static PostmortemContent content(String title, String body) {
        return new PostmortemContent(title, "AWS", "S3", List.of("config-change"), List.of("typo", "us-east-1"), START,
                END, "A mistyped command removed servers", body, "https://aws.amazon.com/message/41926/");
    }
}
