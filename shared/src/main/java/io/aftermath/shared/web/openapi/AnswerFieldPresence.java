package io.aftermath.shared.web.openapi;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.lang.Nullable;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Says in the description what every answer's body looks like to a strict client: Jackson writes each
 * component of an answer's record, null or not, so all of them are {@code required}; a component marked
 * {@link Nullable} may be {@code null}, no other may. Springdoc derives neither for records (it reads
 * {@code required} from bean validation, which only requests carry). Schemas a request body also uses
 * are left alone, since a request may leave out what an answer always has.
 */
class AnswerFieldPresence implements OpenApiCustomizer {

    private static final String NULL = "null";

    private final ResolvedRecords records;

    AnswerFieldPresence(ResolvedRecords records) {
        this.records = records;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null || api.getPaths() == null) {
            return;
        }
        Map<String, Schema> components = api.getComponents().getSchemas();
        Set<String> answered = reachable(components, answerContents(api));
        answered.removeAll(reachable(components, requestContents(api)));
        for (String name : answered) {
            Schema schema = components.get(name);
            if (schema != null && schema.getProperties() != null && schema.getRequired() == null) {
                records.record(name).ifPresent(record -> describePresence(schema, record));
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void describePresence(Schema schema, Class<?> record) {
        Map<String, Schema> properties = schema.getProperties();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            Schema property = properties.get(name);
            if (property == null) {
                continue; // not written: @JsonIgnore
            }
            required.add(name);
            if (component.getAccessor().isAnnotationPresent(Nullable.class)) {
                properties.put(name, orNull(property));
            }
        }
        schema.setRequired(required);
    }

    /** OpenAPI 3.1 has no {@code nullable}: null is a type of its own, or a choice beside a reference or enum. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema orNull(Schema property) {
        if (property.get$ref() == null && property.getEnum() == null && property.getTypes() != null) {
            Set<String> types = new LinkedHashSet<>(property.getTypes());
            types.add(NULL);
            property.setTypes(types);
            return property;
        }
        return new JsonSchema().anyOf(List.of(property, new JsonSchema().typesItem(NULL)));
    }

    private static Stream<Content> answerContents(OpenAPI api) {
        return operations(api).filter(operation -> operation.getResponses() != null)
                .flatMap(operation -> operation.getResponses().values().stream())
                .map(response -> response.getContent()).filter(Objects::nonNull);
    }

    private static Stream<Content> requestContents(OpenAPI api) {
        return operations(api).filter(operation -> operation.getRequestBody() != null)
                .map(operation -> operation.getRequestBody().getContent()).filter(Objects::nonNull);
    }

    private static Stream<Operation> operations(OpenAPI api) {
        return api.getPaths().values().stream().flatMap(item -> item.readOperations().stream());
    }

    @SuppressWarnings("rawtypes")
    private static Set<String> reachable(Map<String, Schema> components, Stream<Content> contents) {
        Set<String> seen = new HashSet<>();
        Deque<Schema> pending = new ArrayDeque<>();
        contents.flatMap(content -> content.values().stream())
                .map(media -> media.getSchema()).filter(Objects::nonNull).forEach(pending::add);
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            String ref = schema.get$ref();
            if (ref != null && ref.startsWith(ResolvedRecords.COMPONENTS)) {
                String name = ref.substring(ResolvedRecords.COMPONENTS.length());
                if (seen.add(name) && components.get(name) != null) {
                    pending.add(components.get(name));
                }
            }
            forEachChild(schema, pending::add);
        }
        return seen;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void forEachChild(Schema schema, Consumer<Schema> child) {
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).values().forEach(child);
        }
        if (schema.getItems() != null) {
            child.accept(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            child.accept(additional);
        }
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                .forEach(list -> ((List<Schema>) list).forEach(child));
    }
}
