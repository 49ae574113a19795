package io.aftermath.shared.ledger;

import java.io.IOException;

/** A value that writes its own BSON form at the writer's current name. */
@FunctionalInterface
interface BsonContent {

    void writeTo(BsonOutput output) throws IOException;
}
