package io.aftermath.shared.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TimelineDeltaTest {

    private static final TimelineEntry DEPLOYED = entry(0, "DEPLOYED", "Deployed");
    private static final TimelineEntry REPORTED = entry(1, "FIRST_REPORT", "“It broke”");
    private static final TimelineEntry RESOLVED = entry(5, "RESOLVED", "“It broke” fixed");

    @Test
    void holds_the_entries_after_those_held_with_the_tree_and_metrics_whole() {
        Timeline after = timeline(List.of("web@1", "web@1.1"), DEPLOYED, REPORTED, RESOLVED);

        TimelineDelta delta = TimelineDelta.between(timeline(List.of("web@1"), DEPLOYED), after);

        assertThat(delta.entriesBefore()).isEqualTo(1);
        assertThat(delta.entries()).containsExactly(REPORTED, RESOLVED);
        assertThat(delta.releases()).containsExactly("web@1", "web@1.1");
    }

    /** Tester 34: an entry stamped before the last held (several writers at once) sent the whole timeline. */
    @Test
    void keeps_the_entries_before_the_first_that_changed_and_sends_those_after_it() {
        TimelineEntry late = entry(3, "USER_UPDATE", "Told users");
        TimelineEntry earlier = new TimelineEntry(4, late.at().minusSeconds(1), "RESOLVED", "web@1", null, null, "sam",
                "Fixed", Map.of());

        TimelineDelta inserted = TimelineDelta.between(timeline(List.of("web@1"), DEPLOYED, REPORTED, late),
                timeline(List.of("web@1"), DEPLOYED, REPORTED, earlier, late));
        TimelineDelta shrunk = TimelineDelta.between(timeline(List.of("web@1"), DEPLOYED, REPORTED, RESOLVED),
                timeline(List.of("web@1"), DEPLOYED));

        assertThat(inserted.entriesBefore()).isEqualTo(2);
        assertThat(inserted.entries()).containsExactly(earlier, late);
        assertThat(shrunk.entriesBefore()).isEqualTo(1);
        assertThat(shrunk.entries()).isEmpty();
    }

    @Test
    void is_none_when_not_even_the_first_entry_stayed() {
        TimelineEntry redeployed = entry(0, "DEPLOYED", "Deployed again");

        assertThat(TimelineDelta.between(timeline(List.of("web@1"), DEPLOYED, REPORTED),
                timeline(List.of("web@1"), redeployed, REPORTED))).isNull();
    }

    private static Timeline timeline(List<String> releases, TimelineEntry... entries) {
        return new Timeline("web@1", releases, List.of(entries), null);
    }

    private static TimelineEntry entry(long position, String kind, String summary) {
        return new TimelineEntry(position, Instant.parse("2026-11-20T10:00:00Z").plusSeconds(position), kind, "web@1",
                null, null, "sam", summary, Map.of());
    }
}
