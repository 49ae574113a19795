package io.aftermath.shared.node;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a node runs; selected with {@code aftermath.roles=command,query}. */
public enum NodeRole {
    COMMAND,
    QUERY;

    /**
     * The roles a value of {@code aftermath.roles} names, in any case; empty entries name nothing. A
     * name that is no role refuses the start: the node would run without the role meant
     * ({@code command,qurey} would be a command node answering every read 421), and so does a list
     * naming none, which would answer every request 421 or 405.
     */
    public static Set<NodeRole> parse(String roles) {
        Set<NodeRole> parsed = EnumSet.noneOf(NodeRole.class);
        for (String name : roles.split(",")) {
            String wanted = name.trim();
            if (!wanted.isEmpty()) {
                parsed.add(Arrays.stream(values()).filter(role -> role.setting().equalsIgnoreCase(wanted))
                        .findFirst().orElseThrow(() -> new StartRefusedException("aftermath.roles=" + roles
                                + ": unknown role " + wanted + "; the roles are " + settings())));
            }
        }
        if (parsed.isEmpty()) {
            throw new StartRefusedException("aftermath.roles=" + roles + " names no role; give one or more of "
                    + settings());
        }
        return parsed;
    }

    private static String settings() {
        return Arrays.stream(values()).map(NodeRole::setting).collect(Collectors.joining(", "));
    }

    /** As {@code aftermath.roles} spells it. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }
}
