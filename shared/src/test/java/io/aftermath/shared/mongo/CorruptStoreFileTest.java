package io.aftermath.shared.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** Tester 18: a corrupted store file was refused clearly, but with no word of the way forward. */
class CorruptStoreFileTest {

    @TempDir
    Path dir;

    @Test
    void a_store_file_with_unreadable_headers_is_refused_pointing_to_a_backup() throws IOException {
        storeHoldingADocument();
        // Both of H2's 4 KiB file headers overwritten: it cannot tell where any chunk is.
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("aftermath.mv.db").toFile(), "rw")) {
            byte[] garbage = new byte[8192];
            Arrays.fill(garbage, (byte) 0x5A);
            file.write(garbage);
        }

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageStartingWith("cannot open " + dir.resolve("aftermath.mv.db"))
                .hasMessageEndingWith("restore the data directory from a backup (README, Operations, backups)");
    }

    /** Before, H2 opened it as a new, empty store: the node started on an empty ledger, the history lost unsaid. */
    @Test
    void a_store_file_whose_every_chunk_is_unreadable_is_refused_not_opened_empty() throws IOException {
        storeHoldingADocument();
        Path store = dir.resolve("aftermath.mv.db");
        long before = Files.size(store);
        try (RandomAccessFile file = new RandomAccessFile(store.toFile(), "rw")) {
            byte[] garbage = new byte[(int) file.length() - 8192];
            Arrays.fill(garbage, (byte) 0x5A);
            file.seek(8192);
            file.write(garbage);
        }

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("bytes hold no readable data, so it is corrupted; restore the data directory");
        assertThat(Files.size(store)).as("left as it was found").isEqualTo(before);
    }

    /** Tester 36: a file cut short was refused naming a Java object, with no word of the way forward. */
    @Test
    void a_store_file_cut_short_is_refused_pointing_to_a_backup() throws IOException {
        storeHoldingADocument();
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("aftermath.mv.db").toFile(), "rw")) {
            file.setLength(100);
        }

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageStartingWith("cannot open " + dir.resolve("aftermath.mv.db"))
                .hasMessageNotContaining("FileChannelImpl")
                .hasMessageEndingWith("restore the data directory from a backup (README, Operations, backups)");
    }

    /** Tester 154: emptied, with no journal beside it, it opened as a new store, the node on an empty ledger. */
    @Test
    void an_empty_store_file_is_refused_not_opened_as_a_new_store() throws IOException {
        storeHoldingADocument();
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("aftermath.mv.db").toFile(), "rw")) {
            file.setLength(0);
        }
        // Tester 160: the node's own backups are inside the directory the advice would have cleared.
        Files.createDirectories(dir.resolve("backups"));

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessage("cannot open " + dir.resolve("aftermath.mv.db") + ": it is empty (0 bytes), so the ledger "
                        + "it held is gone; restore the data directory from a backup (README, Operations, backups; this "
                        + "node's own are in " + dir.resolve("backups") + ": copy them out before you clear the "
                        + "directory), "
                        + "or delete the file and the aftermath-journal-*.log files beside it to start a new, empty "
                        + "ledger");
        assertThat(dir.resolve("aftermath.mv.db")).as("left as it was found").isEmptyFile();
    }

    /**
     * Tester 160: the store file deleted as the refusal of an emptied one advised, the next start was refused for the
     * journal beside it, and made a store file the start after that took for a corrupted one.
     */
    @Test
    void a_store_file_deleted_beside_an_empty_journal_starts_a_new_ledger_and_beside_one_holding_inserts_is_refused()
            throws IOException {
        storeHoldingADocument();
        Path store = dir.resolve("aftermath.mv.db");
        Files.delete(store);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir));
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(client.getDatabase("aftermath").getCollection("c").countDocuments()).isZero();
        }
        Files.delete(store);
        Files.write(dir.resolve("aftermath-journal-7.log"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessage(dir + " holds journal files (aftermath-journal-7.log) but no store file, aftermath.mv.db: "
                        + "put back the store file they belong to, or move the aftermath-journal-*.log files away to "
                        + "start a new, empty ledger");
        assertThat(store).as("no store file made only to be refused").doesNotExist();
    }

    private void storeHoldingADocument() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir));
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("aftermath").getCollection("c").insertOne(new Document("a", 1));
        }
    }
}
