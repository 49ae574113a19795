package io.aftermath.query.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import io.aftermath.shared.postmortem.PostmortemImported;

/**
 * Reads a post-mortem in Markdown with YAML front matter (the icco collection's format: uuid, url,
 * title, categories, keywords, company, product, start_time, end_time, summary, then the body).
 */
public final class FrontMatter {

    private FrontMatter() {
    }

    public static PostmortemImported read(Path file) {
        try {
            String text = Files.readString(file);
            int start = text.indexOf("---");
            int end = text.indexOf("\n---", start + 3);
            Map<String, Object> fields = new Yaml().load(text.substring(start + 3, end));
            String body = text.substring(text.indexOf('\n', end + 1) + 1).trim();
            String id = String.valueOf(fields.getOrDefault("uuid", file.getFileName().toString()));
            return new PostmortemImported(id, "icco", id, string(fields, "title"), string(fields, "company"),
                    string(fields, "product"), strings(fields, "categories"), strings(fields, "keywords"),
                    time(fields.get("start_time")), time(fields.get("end_time")), string(fields, "summary"), body,
                    string(fields, "url"), "importer", Incidents.T0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String string(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        return value instanceof List<?> list ? ((List<Object>) list).stream().map(String::valueOf).toList() : List.of();
    }

    private static Instant time(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (RuntimeException e) {
            try {
                return java.time.LocalDate.parse(value.toString()).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }
}
