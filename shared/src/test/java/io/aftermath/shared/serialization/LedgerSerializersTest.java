package io.aftermath.shared.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class LedgerSerializersTest {

    record Reported(String ticketId, Instant at) {
    }

    private final JacksonSerializer serializer = LedgerSerializers.messages();

    @Test
    void resolvesAStoredTypeToTheSameClassEveryTime() {
        SimpleSerializedType type = new SimpleSerializedType(Reported.class.getName(), null);

        assertThat(serializer.classForType(type)).isEqualTo(Reported.class);
        assertThat(serializer.classForType(type)).isEqualTo(Reported.class);
        assertThat(serializer.classForType(new SimpleSerializedType(Reported.class.getName(), "2")))
                .isEqualTo(Reported.class);
    }

    @Test
    void aTypeNoClassHasStaysUnknownAndDoesNotDisturbKnownOnes() {
        SimpleSerializedType gone = new SimpleSerializedType("io.aftermath.Gone", null);

        assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(new SimpleSerializedType(Reported.class.getName(), null)))
                .isEqualTo(Reported.class);
    }

    @Test
    void typesPastTheBoundStillResolve() {
        for (int i = 0; i < CachedTypesJacksonSerializer.MAX_CACHED_TYPES + 10; i++) {
            serializer.classForType(new SimpleSerializedType("io.aftermath.Gone" + i, null));
        }

        assertThat(serializer.classForType(new SimpleSerializedType(Reported.class.getName(), null)))
                .isEqualTo(Reported.class);
        assertThat(serializer.classForType(new SimpleSerializedType(String.class.getName(), null)))
                .isEqualTo(String.class);
    }

    @Test
    void readsOldAndNewShapesLeniently() {
        String json = "{\"ticketId\":\"T-1\",\"at\":\"2026-11-30T21:00:00Z\",\"addedLater\":true}";

        Reported read = serializer.deserialize(new SimpleSerializedObject<>(json, String.class,
                Reported.class.getName(), null));

        assertThat(read).isEqualTo(new Reported("T-1", Instant.parse("2026-11-30T21:00:00Z")));
    }
}
