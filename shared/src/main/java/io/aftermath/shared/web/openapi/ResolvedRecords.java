package io.aftermath.shared.web.openapi;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Remembers which record each component schema was made from, so {@link AnswerFieldPresence} can read
 * the record's components: the finished description keeps only the schemas' names.
 * <p>
 * The map is static because swagger's chain of converters is: springdoc adds each application context's
 * converter beans to one process-wide list, so in a process that starts a second context (tests, a
 * node restarted in place) the first context's converter is the one called. A schema name stands for
 * the same record in every context, so sharing what is learnt is safe.
 */
class ResolvedRecords implements ModelConverter {

    /** Where a {@code $ref} to a component schema points. */
    static final String COMPONENTS = "#/components/schemas/";

    private static final Map<String, Class<?>> recordsBySchemaName = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("rawtypes")
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema<?> resolved = chain.next().resolve(type, context, chain);
        Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
        if (resolved != null && raw.isRecord()) {
            schemaName(resolved).ifPresent(name -> recordsBySchemaName.putIfAbsent(name, raw));
        }
        return resolved;
    }

    Optional<Class<?>> record(String schemaName) {
        return Optional.ofNullable(recordsBySchemaName.get(schemaName));
    }

    private static Optional<String> schemaName(Schema<?> schema) {
        if (schema.getName() != null) {
            return Optional.of(schema.getName());
        }
        String ref = schema.get$ref();
        return ref != null && ref.startsWith(COMPONENTS)
                ? Optional.of(ref.substring(COMPONENTS.length()))
                : Optional.empty();
    }
}
