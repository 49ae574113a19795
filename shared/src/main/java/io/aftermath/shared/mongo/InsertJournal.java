package io.aftermath.shared.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * An append-only file of the documents inserted since the store's last commit. Writing a record is one
 * {@code write} to the file, which the operating system keeps through a killed process; committing
 * the MVStore instead rewrites every page an insert touched. So inserts are durable once journaled,
 * the store commits about once a second, and each commit starts a new generation and drops the old
 * ones. On start, the generations the store has not committed are inserted again.
 *
 * <p>A record is {@code length, CRC32C, BSON {db, collection, documents}}, little-endian; a record
 * cut short by a crash fails its length or checksum and ends the replay of its file. A file's first record
 * is {@code {journalOf}}, the id of the store it belongs to, written with its first inserts (so a file
 * without inserts stays empty): generation numbers are small counters, and a journal left beside another
 * store's file (a backup unzipped over it) may share them (tester 160). Files written before ids were
 * kept have none: they are taken as the store's only while the store has none either, as one last
 * committed by such a version has (tester 161).
 */
final class InsertJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InsertJournal.class);
    private static final Pattern FILE = Pattern.compile("aftermath-journal-(\\d+)\\.log");
    private static final int HEADER_BYTES = 8;
    private static final String JOURNAL_OF = "journalOf";

    record Inserts(String database, String collection, List<Document> documents) {
    }

    /**
     * What the store's last commit says of its journal.
     *
     * @param replayFrom the first generation the store lacks
     * @param required   whether the store may lack what that generation holds (it was not closed cleanly), so
     *                   that file must be there
     * @param storeId    the store's id, null for one written before ids were kept
     */
    record StoreMark(long replayFrom, boolean required, Long storeId) {
    }

    private final Path directory;
    private final boolean fsync;
    private final long journalOf;
    private volatile FileChannel channel;
    private long generation;
    private long written;

    private InsertJournal(Path directory, boolean fsync, long journalOf, long generation) {
        this.directory = directory;
        this.fsync = fsync;
        this.journalOf = journalOf;
        this.generation = generation;
        this.channel = create(generation);
    }

    /**
     * Hands every record of the generations the store lacks to {@code replay}, oldest first, and starts a
     * journal, as the store {@code journalOf}, on a generation after all of them; the caller's next commit
     * deletes the rest.
     */
    static InsertJournal open(Path directory, boolean fsync, StoreMark store, long journalOf,
                              Consumer<Inserts> replay) {
        List<Long> generations = generations(directory);
        long from = store.replayFrom();
        List<Long> lacking = generations.stream().filter(generation -> generation >= from).toList();
        requireContinuous(directory, from, lacking);
        if (store.required() && lacking.isEmpty()) {
            throw new DataDirectoryException("the store file in " + directory + " was not closed cleanly and its "
                    + "journal " + file(directory, from).getFileName() + " is missing: it holds the commits "
                    + "acknowledged in the last second before the stop, which the store file lacks; put it back (a "
                    + "copy of the data directory is whole only with it), or create that file empty to open the "
                    + "store without them (nothing will say they are lost: the log's hash chains end where the "
                    + "store file does)");
        }
        // Every file is read, and its store checked, before anything is replayed.
        Map<Path, List<Inserts>> files = new LinkedHashMap<>();
        Path empty = null;
        for (long generation : lacking) {
            Path file = file(directory, generation);
            List<Inserts> inserts = readFile(file, store.storeId());
            if (!inserts.isEmpty() && empty != null) {
                throw bridged(directory, empty, file);
            }
            if (inserts.isEmpty() && empty == null) {
                empty = file;
            }
            files.put(file, inserts);
        }
        files.forEach((file, inserts) -> {
            inserts.forEach(replay);
            LOG.info("Replayed {} journaled inserts from {}", inserts.size(), file);
        });
        long last = generations.isEmpty() ? from - 1 : Math.max(from - 1, generations.get(generations.size() - 1));
        return new InsertJournal(directory, fsync, journalOf, last + 1);
    }

    /**
     * A generation is started only once the one before holds inserts, so an empty file is only ever the last:
     * empty ones before a file holding inserts were made in the place of lost ones, bridging a gap between two
     * states of the store (tester 161).
     */
    private static DataDirectoryException bridged(Path directory, Path empty, Path holding) {
        return new DataDirectoryException("the journal in " + directory + " does not continue the store file: "
                + empty.getFileName() + " is empty, yet " + holding.getFileName() + " after it holds inserts, so "
                + "the files between were not written by one run of the store (were files created empty in the place "
                + "of lost ones? only the one a store lacking its journal names may be); restore into an empty data "
                + "directory, or move the aftermath-journal-*.log files away to open the store file as it is");
    }

    /**
     * The store's last commit names the first generation it lacks, and that file is deleted only once a
     * later commit names a later one, and every generation after it follows without a gap; so a journal
     * that starts later, or has a gap, belongs to another state of the store: typically a store file
     * replaced by an older backup with the old journal left beside it, or journal files deleted. Replaying
     * it would graft part of another history onto the store.
     */
    private static void requireContinuous(Path directory, long from, List<Long> lacking) {
        for (int i = 0; i < lacking.size(); i++) {
            if (lacking.get(i) != from + i) {
                throw new DataDirectoryException("the journal in " + directory + " does not continue the store "
                        + "file: the store needs " + file(directory, from + i).getFileName() + (i == 0 ? ""
                        : " after " + file(directory, from + i - 1).getFileName()) + ", and the journal goes on with "
                        + file(directory, lacking.get(i)).getFileName() + " (was the store file replaced by a "
                        + "backup, or journal files deleted? restore into an empty data directory, or move the "
                        + "aftermath-journal-*.log files away to open the store file as it is; a store file "
                        + "emptied or cut short is not a backup: restore the data directory from one, as moving the "
                        + "journal away would open a ledger missing what it held)");
            }
        }
    }

    synchronized long generation() {
        return generation;
    }

    synchronized boolean isEmpty() {
        return written == 0;
    }

    synchronized void append(Inserts inserts) {
        ByteBuf record = written > 0 ? encode(inserts)
                : Unpooled.wrappedBuffer(encode(new Document(JOURNAL_OF, journalOf), 32), encode(inserts));
        try {
            ByteBuffer bytes = record.nioBuffer();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            written += record.readableBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the journal " + file(directory, generation), e);
        } finally {
            record.release();
        }
    }

    /** Forces what is written to the disk (power-loss safety; a killed process loses nothing without it). */
    void force() {
        FileChannel current = channel;
        try {
            current.force(false);
        } catch (ClosedChannelException rotated) {
            // Rotation forced the file before closing it.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sync the journal", e);
        }
    }

    /**
     * Starts the next generation; the caller records it in the store's commit before calling {@link #deleteBefore}.
     * One that cannot be created takes no number, so the generations on disk never have a gap.
     */
    synchronized long startNextGeneration() {
        FileChannel previous = channel;
        if (fsync) {
            forceQuietly(previous);
        }
        FileChannel next = create(generation + 1);
        generation++;
        channel = next;
        written = 0;
        closeQuietly(previous);
        return generation;
    }

    void deleteBefore(long generation) {
        for (long old : generations(directory)) {
            if (old < generation) {
                try {
                    Files.deleteIfExists(file(directory, old));
                } catch (IOException e) {
                    LOG.warn("Cannot delete the committed journal {}; it is deleted on the next start", old, e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(channel);
    }

    private FileChannel create(long generation) {
        Path file = file(directory, generation);
        try {
            FileChannel created = DataDirectory.openOwnerOnly(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            if (fsync) {
                try (FileChannel parent = FileChannel.open(directory, StandardOpenOption.READ)) {
                    parent.force(true);
                }
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the journal " + file, e);
        }
    }

    private static ByteBuf encode(Inserts inserts) {
        return encode(new Document("db", inserts.database())
                .append("collection", inserts.collection())
                .append("documents", inserts.documents()), 256 * inserts.documents().size());
    }

    /** @param expectedBytes what the body is thought to weigh, so a batch's buffer is not grown copy by copy */
    private static ByteBuf encode(Document body, int expectedBytes) {
        ByteBuf record = Unpooled.buffer(HEADER_BYTES + expectedBytes);
        record.writerIndex(HEADER_BYTES);
        BsonEncoder.encodeDocument(body, record);
        int length = record.writerIndex() - HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(record.nioBuffer(HEADER_BYTES, length));
        record.setIntLE(0, length);
        record.setIntLE(4, (int) crc.getValue());
        return record;
    }

    /** The file's inserts, refusing a file another store wrote. */
    @SuppressWarnings("unchecked")
    private static List<Inserts> readFile(Path file, Long storeId) {
        ByteBuf content;
        try {
            content = Unpooled.wrappedBuffer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the journal " + file, e);
        }
        List<Inserts> inserts = new ArrayList<>();
        boolean headed = false;
        while (content.readableBytes() >= HEADER_BYTES) {
            int length = content.getIntLE(content.readerIndex());
            int expected = content.getIntLE(content.readerIndex() + 4);
            if (length <= 0 || length > content.readableBytes() - HEADER_BYTES) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(content.nioBuffer(content.readerIndex() + HEADER_BYTES, length));
            if ((int) crc.getValue() != expected) {
                break;
            }
            content.skipBytes(HEADER_BYTES);
            Document body = BsonDecoder.decodeBson(content.readSlice(length));
            if (body.containsKey(JOURNAL_OF)) {
                if (!body.get(JOURNAL_OF).equals(storeId)) {
                    throw foreign(file);
                }
                headed = true;
            } else {
                if (!headed && storeId != null) {
                    // A store with an id heads every file it writes with it: this one was written for another.
                    throw foreign(file);
                }
                inserts.add(new Inserts((String) body.get("db"), (String) body.get("collection"),
                        (List<Document>) body.get("documents")));
            }
        }
        if (content.isReadable()) {
            LOG.warn("Journal {} ends in {} bytes of a record cut short; they were never acknowledged", file,
                    content.readableBytes());
        }
        return inserts;
    }

    private static DataDirectoryException foreign(Path file) {
        return new DataDirectoryException("the journal " + file + " belongs to another store file than the one "
                + "beside it (was a backup of another data directory unzipped over it?): restore into an empty "
                + "data directory, or move the aftermath-journal-*.log files away to open the store file as it is");
    }

    /** The journal files in {@code directory}, oldest first. */
    static List<Path> files(Path directory) {
        return generations(directory).stream().map(generation -> file(directory, generation)).toList();
    }

    private static List<Long> generations(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> generationOf(path.getFileName().toString()))
                    .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private static OptionalLong generationOf(String name) {
        Matcher matcher = FILE.matcher(name);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    private static Path file(Path directory, long generation) {
        return directory.resolve("aftermath-journal-" + generation + ".log");
    }

    private static void forceQuietly(FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) {
            // The commit that follows is synced and holds everything this file does.
            LOG.warn("Syncing a journal file before rotating it failed", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing a journal file failed", e);
        }
    }
}
