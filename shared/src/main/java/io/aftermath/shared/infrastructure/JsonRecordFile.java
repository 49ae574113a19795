package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aftermath.shared.mongo.DataDirectory;

/**
 * A record the node keeps as a file of plain JSON, so that any tool reads it: written whole or not at
 * all, readable by its owner only, as everything the node writes in its data directory.
 */
final class JsonRecordFile {

    static final String SUFFIX = ".json";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private JsonRecordFile() {
    }

    static void write(Path file, Object record) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        DataDirectory.createOwnerOnly(partial);
        try {
            JSON.writeValue(partial.toFile(), record);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** On one line, for a message. */
    static String toJson(Object record) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        } catch (IOException e) {
            return String.valueOf(record);
        }
    }

    /** The record in {@code file}, if it is there and readable. */
    static <T> Optional<T> read(Path file, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException missingOrUnreadable) {
            return Optional.empty();
        }
    }
}
