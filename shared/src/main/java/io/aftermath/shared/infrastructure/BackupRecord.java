package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;

/**
 * The answer a backup gave, kept as JSON beside its zip ({@code aftermath-<time>.json} beside
 * {@code aftermath-<time>.zip}): scheduled backups have no one to answer, and whoever moves the zip off the
 * machine takes its checkpoint along.
 */
final class BackupRecord {

    static final String SUFFIX = JsonRecordFile.SUFFIX;

    private BackupRecord() {
    }

    /** The record beside the backup {@code zip}. */
    static Path beside(Path zip) {
        String name = zip.getFileName().toString();
        return zip.resolveSibling(name.substring(0, name.length() - ".zip".length()) + SUFFIX);
    }

    static void write(Path record, StoreBackup backup) throws IOException {
        JsonRecordFile.write(record, backup);
    }

    /** The record beside {@code zip}, if one is there and readable: backups taken before records were kept have none. */
    static Optional<StoreBackup> readBeside(Path zip) {
        return JsonRecordFile.read(beside(zip), StoreBackup.class);
    }
}
