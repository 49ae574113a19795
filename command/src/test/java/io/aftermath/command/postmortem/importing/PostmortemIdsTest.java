package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PostmortemIdsTest {

    @Test
    void the_id_is_pm_and_twenty_hex_digits_derived_from_source_and_uuid() {
        String id = PostmortemIds.of("icco", draft("uuid-1", "A title", null));

        assertThat(id).matches("pm-[0-9a-f]{20}");
        assertThat(PostmortemIds.of("icco", draft("uuid-1", "Another title", null))).as("uuid decides").isEqualTo(id);
        assertThat(PostmortemIds.of("other", draft("uuid-1", "A title", null))).as("source counts").isNotEqualTo(id);
        assertThat(PostmortemIds.of("icco", draft("uuid-2", "A title", null))).isNotEqualTo(id);
    }

    @Test
    void without_a_uuid_title_company_and_start_time_decide() {
        Instant start = Instant.parse("2012-06-13T21:16:00Z");
        String id = PostmortemIds.of("import", draft(null, "Outage", start));

        assertThat(PostmortemIds.of("import", draft(null, "Outage", start))).isEqualTo(id);
        assertThat(PostmortemIds.of("import", draft(null, "Outage", start.plusSeconds(60)))).isNotEqualTo(id);
        assertThat(PostmortemIds.of("import", draft(null, "Outage 2", start))).isNotEqualTo(id);
        assertThat(PostmortemIds.of("import", draft("Outage", "Outage", start))).as("namespaces differ")
                .isNotEqualTo(id);
    }

    @Test
    void formats_are_recognised_by_content_type_then_by_name() {
        assertThat(ImportFormat.detect("text/markdown", "x.bin")).contains(ImportFormat.MARKDOWN);
        assertThat(ImportFormat.detect("application/x-ndjson", null)).contains(ImportFormat.NDJSON);
        assertThat(ImportFormat.detect("application/octet-stream", "a.MD")).contains(ImportFormat.MARKDOWN);
        assertThat(ImportFormat.detect(null, "a.jsonl")).contains(ImportFormat.NDJSON);
        assertThat(ImportFormat.detect("text/plain", "a.txt")).isEmpty();
    }

    private static PostmortemDraft draft(String uuid, String title, Instant start) {
        return new PostmortemDraft(uuid, title, "Quill", null, List.of(), List.of(), start, null, null, "body", null);
    }
}
