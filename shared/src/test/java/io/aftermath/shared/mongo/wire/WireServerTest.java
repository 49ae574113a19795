package io.aftermath.shared.mongo.wire;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.mongo.memory.FastMemoryBackend;

class WireServerTest {

    @Test
    void a_port_in_use_is_named_in_one_clear_error() {
        try (WireServer first = WireServer.bind(new FastMemoryBackend(), "127.0.0.1", 0)) {
            int taken = first.address().getPort();

            assertThatThrownBy(() -> WireServer.bind(new FastMemoryBackend(), "127.0.0.1", taken))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on")
                    .hasMessageContaining(String.valueOf(taken));
        }
    }
}
