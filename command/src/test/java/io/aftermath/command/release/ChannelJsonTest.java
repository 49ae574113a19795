package io.aftermath.command.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.serialization.LedgerSerializers;

/** The contract spells channels "status page", "in-app" and "email". */
class ChannelJsonTest {

    private final ObjectMapper json = LedgerSerializers.messageMapper();

    @Test
    void channels_are_written_in_the_contract_words() throws Exception {
        assertEquals("[\"status page\",\"in-app\",\"email\"]", json.writeValueAsString(List.of(Channel.values())));
    }

    @Test
    void channels_are_read_from_the_contract_words_and_the_constant_names() throws Exception {
        assertEquals(Channel.STATUS_PAGE, json.readValue("\"status page\"", Channel.class));
        assertEquals(Channel.IN_APP, json.readValue("\"in-app\"", Channel.class));
        assertEquals(Channel.EMAIL, json.readValue("\"EMAIL\"", Channel.class));
    }

    @Test
    void an_unknown_channel_is_refused() {
        assertThrows(ValueInstantiationException.class, () -> json.readValue("\"pigeon\"", Channel.class));
    }

    @Test
    void a_user_update_event_survives_a_round_trip() throws Exception {
        UserUpdatePublished event = new UserUpdatePublished("checkout@2.4.0", "u-1", UserUpdateStatus.MONITORING,
                Channel.IN_APP, "Fix deployed", List.of("t-1"), "alice", Instant.parse("2025-03-01T10:00:00Z"));
        String text = json.writeValueAsString(event);
        assertEquals(event, json.readValue(text, UserUpdatePublished.class));
        assertEquals(true, text.contains("\"channel\":\"in-app\""), text);
    }
}
