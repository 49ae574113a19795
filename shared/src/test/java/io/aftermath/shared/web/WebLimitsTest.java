package io.aftermath.shared.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WebLimitsTest {

    /** Before: -1KB was accepted, and every write was answered 413. */
    @Test
    void a_body_size_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new WebLimits(DataSize.ofKilobytes(-1), null, Duration.ZERO))
                .hasMessage("aftermath.web.max-body-size=-1KB is less than the minimum of 1B");
        assertThatThrownBy(() -> new WebLimits(DataSize.ofBytes(0), null, Duration.ZERO))
                .hasMessage("aftermath.web.max-body-size=0B is less than the minimum of 1B");
    }

    /** The codecs hold their in-memory limit in an int, which 2GB would overflow. */
    @Test
    void a_body_size_over_two_gigabytes_is_refused() {
        assertThatThrownBy(() -> new WebLimits(DataSize.ofGigabytes(2), null, Duration.ZERO))
                .hasMessage("aftermath.web.max-body-size=2GB is more than the maximum of 2147483647B");
    }
}
