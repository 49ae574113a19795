package io.aftermath.shared.query;

/** A lesson or an imported post-mortem, whole, by the id a search hit names it with. */
public record FindPostmortem(String id) {
}
