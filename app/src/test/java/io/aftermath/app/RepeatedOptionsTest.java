package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatedOptionsTest {

    @Test
    void options_given_once_each_pass() {
        assertThat(RepeatedOptions.refusal(new String[] {"--aftermath.data-dir=/a", "--server.port=0", "--demo",
                "positional", "--"})).isEmpty();
    }

    @Test
    void the_same_option_twice_is_refused_without_its_values() {
        assertThat(RepeatedOptions.refusal(new String[] {"--aftermath.mongo.uri=mongodb://u:secret@h",
                "--aftermath.mongo.uri=mongodb://u:secret@h"}))
                .hasValue("--aftermath.mongo.uri is given 2 times; give it once");
        assertThat(RepeatedOptions.refusal(new String[] {"--demo", "--demo"}))
                .hasValue("--demo is given 2 times; give it once");
    }

    /** Tester 14: Spring binds these to one key and kept one value without a word. */
    @Test
    void one_key_spelled_two_ways_is_refused_naming_both_spellings() {
        assertThat(RepeatedOptions.refusal(new String[] {"--aftermath.dataDir=/a", "--aftermath.data-dir=/b"}))
                .hasValue("--aftermath.dataDir is given 2 times (as --aftermath.dataDir, --aftermath.data-dir); "
                        + "give it once");
        assertThat(RepeatedOptions.refusal(new String[] {"--aftermath.data_dir=/a", "--AFTERMATH.DATA-DIR=/b"}))
                .isPresent();
    }
}
