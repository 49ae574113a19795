package io.aftermath.shared.web.security;

import java.util.Locale;
import java.util.Optional;

/** Who may do what is decided by role; see {@link AccessRules}. ADMIN may do everything. */
public enum Role {
    REPORTER, TRIAGER, RESPONDER, AUDITOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Reads "responder", "ROLE_RESPONDER" or "aftermath:responder" alike; anything else is no role. */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        int colon = Math.max(name.lastIndexOf(':'), name.lastIndexOf('.'));
        name = name.substring(colon + 1);
        if (name.startsWith("ROLE_")) {
            name = name.substring("ROLE_".length());
        }
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
