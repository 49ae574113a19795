package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SimpleSerializedType;
import org.bson.BsonBinaryWriter;
import org.bson.BsonSerializationException;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.util.ClassUtils;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.aftermath.shared.serialization.LedgerSerializers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Payloads and metadata written straight from Jackson's tokens are byte for byte what the tree path
 * writes, which the stored documents and their hash chain depend on. The direct path must also be
 * the one taken for the ledger's own messages, or it would speed nothing up.
 */
class DirectBsonProperties {

    private static final String LANGUAGE = "io.aftermath.shared";
    private static final Set<String> MESSAGE_PACKAGES = Set.of(LANGUAGE + ".ticket", LANGUAGE + ".release",
            LANGUAGE + ".retrospective", LANGUAGE + ".postmortem");
    private static final String VIEWS = LANGUAGE + ".query";

    private final ObjectMapper mapper = LedgerSerializers.messages().getObjectMapper();
    private final EventEncoder encoder = new EventEncoder(LedgerSerializers.messages());

    @Property(tries = 1000)
    void plain_values_are_written_directly_as_the_tree_path_writes_them(@ForAll("values") Object value) throws IOException {
        assertThat(direct(value, false)).isEqualTo(viaTree(value, false));
    }

    @Property(tries = 300)
    void metadata_is_written_directly_as_the_tree_path_writes_it(@ForAll("metaData") Map<String, Object> values)
            throws IOException {
        MetaData metaData = MetaData.from(values);

        assertThat(direct(metaData, true)).isEqualTo(viaTree(metaData, true));
    }

    @Property(tries = 300)
    void events_the_direct_path_refuses_are_encoded_as_the_tree_path_encodes_them(
            @ForAll("values") Object value, @ForAll("decimals") BigDecimal decimal) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("value", value);
        payload.put("amount", decimal);

        GenericDomainEventMessage<Object> event = event(payload, Map.of("note", value == null ? "none" : "some"));

        assertRefused(() -> direct(payload, false));
        assertThat(PendingEvents.body(encoder.encode(event))).isEqualTo(bodyViaTree(event));
    }

    @Test
    void every_message_of_the_ledgers_language_is_written_directly_as_the_tree_path_writes_it() throws IOException {
        Random random = new Random(20261201);
        List<Class<?>> messages = recordsOf(LANGUAGE).stream()
                .filter(type -> MESSAGE_PACKAGES.contains(type.getPackageName())).toList();
        List<Class<?>> views = recordsOf(VIEWS);
        assertThat(messages).hasSizeGreaterThan(20);

        // Views are not events, but their Duration fields exercise the refusal with real serializers.
        for (Class<?> type : concat(messages, views)) {
            for (int i = 0; i < 20; i++) {
                Object message = instanceOf(type, random, 2);
                if (messages.contains(type)) {
                    assertThat(direct(message, false)).as(type.getName()).isEqualTo(viaTree(message, false));
                }
                GenericDomainEventMessage<Object> event = event(message,
                        Map.of("actor", "alice", "correlationId", UUID.randomUUID().toString()));
                assertThat(PendingEvents.body(encoder.encode(event))).as(type.getName()).isEqualTo(bodyViaTree(event));
            }
        }
    }

    @Test
    void a_field_name_holding_a_zero_fails_on_both_paths_as_bson_cannot_hold_it() {
        Map<String, Object> payload = Map.of("a\0b", 1);

        assertThatThrownBy(() -> direct(payload, false)).hasRootCauseInstanceOf(BsonSerializationException.class);
        assertThatThrownBy(() -> viaTree(payload, false)).isInstanceOf(BsonSerializationException.class);
        assertThatThrownBy(() -> encoder.encode(event(payload, Map.of()))).isInstanceOf(BsonSerializationException.class);
    }

    @Test
    void an_object_too_large_to_check_for_repeated_names_cheaply_takes_the_tree_path() throws IOException {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            payload.put("field" + i, i);
        }
        GenericDomainEventMessage<Object> event = event(payload, Map.of());

        assertRefused(() -> direct(payload, false));
        assertThat(PendingEvents.body(encoder.encode(event))).isEqualTo(bodyViaTree(event));
        payload.remove("field64");
        assertThat(direct(payload, false)).isEqualTo(viaTree(payload, false));
    }

    record Annotated(String id, @JsonRawValue String raw) {
    }

    @Test
    void a_raw_json_value_takes_the_tree_path() throws IOException {
        Annotated payload = new Annotated("T-1", "{\"kept\":[1,2]}");
        GenericDomainEventMessage<Object> event = event(payload, Map.of());

        assertRefused(() -> direct(payload, false));
        assertThat(PendingEvents.body(encoder.encode(event))).isEqualTo(bodyViaTree(event));
    }

    @Test
    void a_value_other_than_an_object_where_a_document_belongs_is_refused() {
        assertRefused(() -> direct("not a document", true));
    }

    @Test
    void a_repeated_field_name_is_refused_as_the_tree_keeps_only_the_last() throws IOException {
        BsonOutput output = new BsonOutput(16);
        output.writeStartDocument();
        output.writeName("value");
        DirectBsonGenerator generator = new DirectBsonGenerator(output, mapper, false);
        generator.writeStartObject();
        generator.writeNumberField("twice", 1);

        assertThatThrownBy(() -> generator.writeNumberField("twice", 2)).isInstanceOf(IOException.class);
    }

    /** Jackson may wrap the refusal, with the path to the refused value. */
    private static void assertRefused(ThrowingCallable write) {
        assertThatThrownBy(write).satisfies(thrown -> {
            Throwable cause = thrown;
            while (!(cause instanceof DirectBsonGenerator.NotDirect) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(DirectBsonGenerator.NotDirect.class);
        });
    }

    /** A one-field document holding the value, laid out by the ledger's own output. */
    private byte[] direct(Object value, boolean document) throws IOException {
        BsonOutput output = new BsonOutput(16);
        output.writeStartDocument();
        output.writeName("value");
        mapper.writer().without(SerializationFeature.WRAP_ROOT_VALUE)
                .writeValue(new DirectBsonGenerator(output, mapper, document), value);
        output.writeEndDocument();
        return PendingEvents.elements(output.document());
    }

    /** The same document written by the driver's own writer from the value's tree: the reference. */
    private byte[] viaTree(Object value, boolean document) {
        JsonNode tree = mapper.valueToTree(value);
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeName("value");
            if (document) {
                BsonJson.writeDocument(writer, tree);
            } else {
                BsonJson.write(writer, tree);
            }
            writer.writeEndDocument();
        }
        return Arrays.copyOfRange(buffer.getInternalBuffer(), Integer.BYTES, buffer.getPosition() - 1);
    }

    private static GenericDomainEventMessage<Object> event(Object payload, Map<String, ?> metaData) {
        return new GenericDomainEventMessage<>("Ticket", "T-1", 3, payload, MetaData.from(metaData));
    }

    private byte[] bodyViaTree(GenericDomainEventMessage<Object> event) {
        Object payload = event.getPayload();
        PendingEvent viaTree = PendingEvents.fromTrees(event.getIdentifier(), "Ticket", "T-1", 3,
                event.getTimestamp(), new SimpleSerializedType(payload.getClass().getName(), null),
                mapper.valueToTree(payload), mapper.valueToTree(event.getMetaData()));
        return PendingEvents.body(viaTree);
    }

    @Provide
    Arbitrary<Object> values() {
        return value(3);
    }

    @Provide
    Arbitrary<Map<String, Object>> metaData() {
        return Arbitraries.maps(names(), value(1)).ofMaxSize(5);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1000), BigDecimal.valueOf(1000)).ofScale(3);
    }

    /** Every UTF-16 unit: lone surrogates, which the driver encodes in three bytes, and zeros among them. */
    private static Arbitrary<String> anyChars() {
        return Arbitraries.oneOf(Arbitraries.chars().range(Character.MIN_VALUE, Character.MAX_VALUE),
                        Arbitraries.chars().range('a', 'z'), Arbitraries.chars().range('\uD800', '\uDFFF'),
                        Arbitraries.just('\0'))
                .list().ofMaxSize(12)
                .map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcxyzé").ofMinLength(1).ofMaxLength(4);
    }

    private Arbitrary<Object> value(int depth) {
        List<Arbitrary<?>> choices = new ArrayList<>(List.of(
                Arbitraries.strings().ofMaxLength(8),
                anyChars(),
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.shorts(),
                Arbitraries.floats(),
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0d),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6),
                Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli),
                Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong())),
                Arbitraries.just(null)));
        if (depth > 0) {
            choices.add(Arbitraries.maps(names(), value(depth - 1)).ofMaxSize(4));
            choices.add(value(depth - 1).list().ofMaxSize(4));
        }
        return Arbitraries.oneOf(choices.stream().map(choice -> choice.map(Object.class::cast)).toList());
    }

    private static List<Class<?>> concat(List<Class<?>> first, List<Class<?>> second) {
        List<Class<?>> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static List<Class<?>> recordsOf(String basePackage) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> Record.class.getName().equals(reader.getClassMetadata().getSuperClassName()));
        return scanner.findCandidateComponents(basePackage).stream()
                .map(definition -> ClassUtils.resolveClassName(definition.getBeanClassName(), null))
                .collect(Collectors.toList());
    }

    /** A record with every component filled, so that every serializer its fields use is exercised. */
    private static Object instanceOf(Class<?> type, Random random, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = Arrays.stream(components)
                .map(component -> valueOf(component.getGenericType(), random, depth)).toArray();
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot build a " + type.getName() + " from " + Arrays.toString(arguments), e);
        }
    }

    private static Object valueOf(Type type, Random random, int depth) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                return IntStream.range(0, random.nextInt(3)).mapToObj(i -> valueOf(arguments[0], random, depth - 1)).toList();
            }
            if (generic.getRawType() == Set.class) {
                Set<Object> set = new LinkedHashSet<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    set.add(valueOf(arguments[0], random, depth - 1));
                }
                return set;
            }
            if (generic.getRawType() == Map.class) {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    map.put(valueOf(arguments[0], random, depth - 1), valueOf(arguments[1], random, depth - 1));
                }
                return map;
            }
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return "text-é-" + random.nextInt(1000);
        }
        if (raw == Instant.class) {
            return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
        }
        if (raw == LocalDate.class) {
            return LocalDate.ofEpochDay(19_000 + random.nextInt(2_000));
        }
        if (raw == Duration.class) {
            return Duration.ofMillis(random.nextInt(100_000_000));
        }
        if (raw == int.class || raw == Integer.class) {
            return random.nextInt();
        }
        if (raw == long.class || raw == Long.class) {
            return random.nextLong();
        }
        if (raw == double.class || raw == Double.class) {
            return random.nextDouble() * 1000;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return random.nextBoolean();
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (raw.isRecord()) {
            return instanceOf(raw, random, depth - 1);
        }
        throw new AssertionError("No sample values for " + type + ": add them here so its serializer is checked");
    }
}
