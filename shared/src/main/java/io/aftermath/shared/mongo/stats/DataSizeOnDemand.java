package io.aftermath.shared.mongo.stats;

import java.util.stream.Stream;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A collection's data size ({@code collStats.size}) counted when asked for. mongo-java-server keeps
 * it current by BSON-encoding every document it inserts, updates or removes, only to measure it:
 * profiled, half of the server's time adding a ledger commit. Statistics are asked for by an
 * operator now and then, so they pay for a pass over the collection instead.
 */
public final class DataSizeOnDemand {

    private DataSizeOnDemand() {
    }

    /** The summed BSON size of the documents, as mongo-java-server counts it, capped at the int it reports. */
    public static int of(Stream<Document> documents) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            long total = documents.mapToLong(document -> {
                buffer.clear();
                BsonEncoder.encodeDocument(document, buffer);
                return buffer.writerIndex();
            }).sum();
            return (int) Math.min(total, Integer.MAX_VALUE);
        } finally {
            buffer.release();
        }
    }
}
