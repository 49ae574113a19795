package io.aftermath.shared.mongo.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Replies, and the H2 backend's pages, must be written exactly as mongo-java-server's own encoder
 * would have written them (files written before stay readable), and encoding must not change the
 * stored documents they hold.
 */
class DocumentEncodingProperties {

    @Property(tries = 1000)
    void encodes_byte_for_byte_like_the_stock_encoder(@ForAll("documents") Document document) {
        assertThat(encoded(document, true)).isEqualTo(encoded(document, false));
    }

    @Test
    void arrays_longer_than_the_cached_index_names_are_named_all_the_same() {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            values.add(i % 2 == 0 ? "v" + i : new Document("i", i));
        }
        Document reply = new Document("cursor", new Document("firstBatch", values)).append("set", new LinkedHashSet<>(values));

        assertThat(encoded(reply, true)).isEqualTo(encoded(reply, false));
    }

    @Test
    void encoding_leaves_no_view_cached_in_the_stored_documents() throws ReflectiveOperationException {
        Document payload = new Document("title", "Checkout is down");
        Document event = new Document("position", 7L).append("payload", payload);
        Document commit = new Document("_id", 7L).append("events", List.of(event));

        encoded(new Document("cursor", new Document("firstBatch", List.of(commit))), true);

        for (Document stored : List.of(commit, event, payload)) {
            assertThat(viewsCachedIn(stored)).containsOnlyNulls();
        }
    }

    private static List<Object> viewsCachedIn(Document document) throws ReflectiveOperationException {
        Field fields = Document.class.getDeclaredField("documentAsMap");
        fields.setAccessible(true);
        Object map = fields.get(document);
        List<Object> views = new ArrayList<>();
        for (Field view : List.of(HashMap.class.getDeclaredField("entrySet"), AbstractMap.class.getDeclaredField("keySet"),
                AbstractMap.class.getDeclaredField("values"))) {
            view.setAccessible(true);
            views.add(view.get(map));
        }
        return views;
    }

    @Provide
    Arbitrary<Document> documents() {
        return Arbitraries.lazyOf(() -> document(3));
    }

    private Arbitrary<Document> document(int depth) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(6).filter(key -> key.indexOf('\0') < 0));
        return Arbitraries.maps(keys, value(depth)).ofMaxSize(6).map(map -> {
            Document document = new Document();
            document.putAll(map);
            return document;
        });
    }

    private Arbitrary<Object> value(int depth) {
        List<Arbitrary<?>> leaves = List.of(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().ascii().ofMaxLength(30),
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.doubles(),
                Arbitraries.of(true, false),
                Arbitraries.just(null),
                Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli),
                Arbitraries.just(0).map(ignored -> new ObjectId()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(BinData::new),
                Arbitraries.longs().map(low -> new Decimal128(low, 0x3040000000000000L)));
        if (depth == 0) {
            return Arbitraries.oneOf(leaves.stream().map(leaf -> leaf.map(Object.class::cast)).toList());
        }
        List<Arbitrary<Object>> all = new ArrayList<>(leaves.stream().map(leaf -> leaf.map(Object.class::cast)).toList());
        all.add(document(depth - 1).map(Object.class::cast));
        all.add(Arbitraries.lazyOf(() -> value(depth - 1)).list().ofMaxSize(12).map(Object.class::cast));
        return Arbitraries.oneOf(all);
    }

    private static String encoded(Document document, boolean ours) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            if (ours) {
                DocumentBsonEncoder.encodeDocument(document, buffer);
            } else {
                BsonEncoder.encodeDocument(document, buffer);
            }
            return ByteBufUtil.hexDump(buffer);
        } finally {
            buffer.release();
        }
    }
}
