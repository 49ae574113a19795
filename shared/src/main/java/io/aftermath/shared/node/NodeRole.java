package io.aftermath.shared.node;

/** What a node runs; selected with {@code aftermath.roles=command,query}. */
public enum NodeRole {
    COMMAND,
    QUERY
}
