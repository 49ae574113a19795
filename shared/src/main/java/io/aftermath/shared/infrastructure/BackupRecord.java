package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;
import io.aftermath.shared.mongo.DataDirectory;

/**
 * The answer a backup gave, kept as JSON beside its zip ({@code aftermath-<time>.json} beside
 * {@code aftermath-<time>.zip}): scheduled backups have no one to answer, and whoever moves the zip off the
 * machine takes its checkpoint along. Plain JSON so that any tool reads it.
 */
final class BackupRecord {

    static final String SUFFIX = ".json";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private BackupRecord() {
    }

    /** The record beside the backup {@code zip}. */
    static Path beside(Path zip) {
        String name = zip.getFileName().toString();
        return zip.resolveSibling(name.substring(0, name.length() - ".zip".length()) + SUFFIX);
    }

    /** Whole or not at all, readable by its owner only, as everything the node writes in its data directory. */
    static void write(Path record, StoreBackup backup) throws IOException {
        Path partial = record.resolveSibling(record.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        DataDirectory.createOwnerOnly(partial);
        try {
            JSON.writeValue(partial.toFile(), backup);
            Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The record beside {@code zip}, if one is there and readable: backups taken before records were kept have none. */
    static Optional<StoreBackup> readBeside(Path zip) {
        try {
            return Optional.of(JSON.readValue(beside(zip).toFile(), StoreBackup.class));
        } catch (IOException missingOrUnreadable) {
            return Optional.empty();
        }
    }
}
