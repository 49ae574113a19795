package io.aftermath.shared.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * Readers on other connections see every stored document whole, as one update left it, however many
 * updates run meanwhile. mongo-java-server changes the stored document in place, nested lists and
 * documents included, while a reply holding that same object may be encoding on another thread: a
 * reply broke off ({@code ConcurrentModificationException}, the connection closed) or held half an
 * update.
 */
class ConcurrentUpdateReadTest {

    private static final int UPDATES = 800;
    private static final int READERS = 2;
    private static final int LONG_LIST = 2_000;
    private static final Bson THE_DOCUMENT = Filters.eq("_id", "d");

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(EmbeddedMongoSettings.Backend.class)
    void readers_never_see_half_of_an_operator_update(EmbeddedMongoSettings.Backend backend) throws Exception {
        assertReadersSeeWholeVersions(backend, (things, v) -> things.updateOne(THE_DOCUMENT, operators(v)));
    }

    @ParameterizedTest
    @EnumSource(EmbeddedMongoSettings.Backend.class)
    void readers_never_see_half_of_a_find_and_modify(EmbeddedMongoSettings.Backend backend) throws Exception {
        assertReadersSeeWholeVersions(backend, (things, v) -> things.findOneAndUpdate(THE_DOCUMENT, operators(v)));
    }

    @ParameterizedTest
    @EnumSource(EmbeddedMongoSettings.Backend.class)
    void readers_never_see_half_of_a_replacement(EmbeddedMongoSettings.Backend backend) throws Exception {
        assertReadersSeeWholeVersions(backend, (things, v) -> things.replaceOne(THE_DOCUMENT, version(v)));
    }

    private static Bson operators(int v) {
        return Updates.combine(Updates.set("a", v), Updates.push("list", v), Updates.set("nested.n", v),
                Updates.set("b", v));
    }

    /** Each update writes version v everywhere: a, b, nested.n, and the list growing to LONG_LIST + v. */
    private void assertReadersSeeWholeVersions(EmbeddedMongoSettings.Backend backend,
                                               ObjIntConsumer<MongoCollection<Document>> writeVersion)
            throws Exception {
        EmbeddedMongoSettings settings = backend == EmbeddedMongoSettings.Backend.H2
                ? EmbeddedMongoSettings.onDisk(dataDir) : EmbeddedMongoSettings.inMemory();
        ExecutorService threads = Executors.newFixedThreadPool(1 + READERS);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(settings);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("aftermath").getCollection("things");
            things.insertOne(version(0));
            Failures failures = new Failures();

            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int v = 1; v <= UPDATES; v++) {
                    writeVersion.accept(things, v);
                }
            }, threads);
            List<CompletableFuture<Void>> readers = IntStream.range(0, READERS)
                    .mapToObj(r -> CompletableFuture.runAsync(() -> {
                        while (!writer.isDone()) {
                            failures.addIfTorn(things.find(THE_DOCUMENT).first());
                        }
                    }, threads).exceptionally(failure -> failures.add(failure.toString())))
                    .toList();

            writer.get(2, TimeUnit.MINUTES);
            for (CompletableFuture<Void> reader : readers) {
                reader.get(1, TimeUnit.MINUTES);
            }
            assertThat(failures.seen).isEmpty();
            assertThat(things.find().first()).isEqualTo(version(UPDATES));
        } finally {
            threads.shutdownNow();
        }
    }

    private static Document version(int v) {
        List<Integer> list = new ArrayList<>(Collections.nCopies(LONG_LIST, -1));
        IntStream.rangeClosed(1, v).forEach(list::add);
        return new Document("_id", "d").append("a", v).append("list", list)
                .append("nested", new Document("n", v)).append("b", v);
    }

    private static final class Failures {
        final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

        void addIfTorn(Document read) {
            int a = read.getInteger("a");
            List<?> list = read.getList("list", Object.class);
            if (a != read.getInteger("b") || a != read.get("nested", Document.class).getInteger("n")
                    || list.size() != LONG_LIST + a) {
                seen.add("torn: a=" + a + " b=" + read.get("b") + " nested=" + read.get("nested")
                        + " list size=" + list.size());
            }
        }

        Void add(String failure) {
            seen.add(failure);
            return null;
        }
    }
}
