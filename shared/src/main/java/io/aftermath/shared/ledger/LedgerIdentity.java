package io.aftermath.shared.ledger;

import java.time.Instant;

/**
 * Which log this is: drawn once per database and kept in it, so it stays the same across restarts,
 * nodes and backups restored, and differs for a database dropped and started again or another store
 * altogether. What a node keeps on its own disk (the search index) names it, to tell whose log it shows.
 *
 * @param id        a random UUID
 * @param createdAt when the first node of this version started on the database
 */
public record LedgerIdentity(String id, Instant createdAt) {
}
