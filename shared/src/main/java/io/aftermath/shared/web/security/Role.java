package io.aftermath.shared.web.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Who may do what is decided by role; see {@link AccessRules}. ADMIN may do everything. */
public enum Role {
    REPORTER, TRIAGER, RESPONDER, AUDITOR, ADMIN;

    private static final List<String> PREFIXES = List.of("AFTERMATH:", "AFTERMATH.");

    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * Reads "responder", "ROLE_RESPONDER", "aftermath:responder" or "aftermath.responder" alike; anything else is no
     * role. Another prefix names another service's role: a shared issuer's "grafana:admin" is not Aftermath's ADMIN
     * (tester 152).
     */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
                break;
            }
        }
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
