package io.aftermath.command.web.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;

/** Before, an upload the node could not store at all was 200 with INTERNAL entries: no 5xx alert saw it (tester 18). */
class ImportFailedOnOurSideTest {

    @Test
    void an_upload_of_which_nothing_was_stored_because_of_the_node_fails_with_that_problem() {
        List<ImportOutcome> outcomes = List.of(
                ImportOutcome.failed("a.md", ErrorCode.POSTMORTEM_INVALID.name(), "The document is empty"),
                ImportOutcome.failed("b.md", ErrorCode.LEDGER_STOPPED.name(), "Appends stopped; restart the node."));

        assertThatThrownBy(() -> PostmortemImporter.failedOnOurSide(outcomes).block())
                .isInstanceOfSatisfying(DomainRejection.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.LEDGER_STOPPED);
                    assertThat(refused.getMessage()).isEqualTo("b.md: Appends stopped; restart the node.");
                });
    }

    @Test
    void an_upload_with_anything_imported_or_only_bad_entries_is_reported_as_usual() {
        List<ImportOutcome> partly = List.of(ImportOutcome.imported("a.md", List.of(), 7),
                ImportOutcome.failed("b.md", ErrorCode.STORE_UNAVAILABLE.name(), "The store does not answer"));
        List<ImportOutcome> bad = List.of(
                ImportOutcome.failed("a.md", ErrorCode.POSTMORTEM_INVALID.name(), "The document is empty"));

        assertThat(PostmortemImporter.failedOnOurSide(partly).block()).isSameAs(partly);
        assertThat(PostmortemImporter.failedOnOurSide(bad).block()).isSameAs(bad);
    }
}
