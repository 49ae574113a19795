package io.aftermath.shared.ledger;

/** A small event payload for ledger tests. */
public record Noted(String text, int number) {
}
