package io.aftermath.shared.node;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a node runs; selected with {@code aftermath.roles=command,query}. */
public enum NodeRole {
    COMMAND,
    QUERY;

    /** The roles a value of {@code aftermath.roles} names; names it does not know select nothing. */
    public static Set<NodeRole> parse(String roles) {
        Set<NodeRole> parsed = EnumSet.noneOf(NodeRole.class);
        for (String name : roles.split(",")) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            Arrays.stream(values()).filter(role -> role.name().equals(wanted)).forEach(parsed::add);
        }
        return parsed;
    }

    /** As {@code aftermath.roles} spells it. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }
}
