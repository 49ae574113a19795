package io.aftermath.app.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/** Proves that a refused request appended nothing: the log's head did not move. */
public final class LedgerHead {

    private final MongoLedgerStorageEngine ledger;
    private final long before;

    private LedgerHead(MongoLedgerStorageEngine ledger) {
        this.ledger = ledger;
        this.before = ledger.head();
    }

    public static LedgerHead remember(MongoLedgerStorageEngine ledger) {
        return new LedgerHead(ledger);
    }

    public void assertUnchanged() {
        assertThat(ledger.head()).as("log head").isEqualTo(before);
    }

    public long grownBy() {
        return ledger.head() - before;
    }
}
