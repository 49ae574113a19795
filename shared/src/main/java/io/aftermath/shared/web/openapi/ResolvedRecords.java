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
 */
class ResolvedRecords implements ModelConverter {

    private static final String COMPONENTS = "#/components/schemas/";

    private final Map<String, Class<?>> recordsBySchemaName = new ConcurrentHashMap<>();

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
