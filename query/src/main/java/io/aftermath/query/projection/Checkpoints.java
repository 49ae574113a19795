package io.aftermath.query.projection;

import java.util.OptionalLong;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.LedgerTokenStore;

/**
 * How far each processor segment has got, as a plain number any node can read by key: the position its
 * owner writes beside the token, in the same update ({@link LedgerTokenStore#PROCESSED_BEFORE}). A plain
 * read of that field claims nothing, unlike reading the token through the token store.
 */
@Component
public class Checkpoints {

    private final MongoCollection<Document> tokens;

    public Checkpoints(MongoDatabase database) {
        this.tokens = database.getCollection(LedgerSchema.TOKENS);
    }

    /**
     * Empty until the segment's token says where it stands: no entry yet, or one an earlier version wrote,
     * which gains the field when a node next claims it.
     */
    public OptionalLong read(String processor, int segment) {
        Document entry = tokens.find(Filters.eq(LedgerSchema.ID, LedgerTokenStore.id(processor, segment)))
                .projection(Projections.include(LedgerTokenStore.PROCESSED_BEFORE)).first();
        return entry != null && entry.get(LedgerTokenStore.PROCESSED_BEFORE) instanceof Number position
                ? OptionalLong.of(position.longValue()) : OptionalLong.empty();
    }
}
