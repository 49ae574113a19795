package io.aftermath.shared.web.security;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.aftermath.shared.node.StartRefusedException;
import reactor.core.publisher.Mono;

/** The HTTP Basic users, fixed at start-up: the configured ones, or else the initial admin. */
final class UserDirectory implements ReactiveUserDetailsService {

    private static final String BCRYPT_ID = "{bcrypt}";
    /** As Spring's BCryptPasswordEncoder reads a hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");
    /** The encoder logins are checked with, so a password checked at start is one a login can match. */
    static final PasswordEncoder PASSWORDS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private final Map<String, UserDetails> users;

    private UserDirectory(Map<String, UserDetails> users) {
        this.users = users;
    }

    static UserDirectory of(java.util.Collection<UserDetails> users) {
        return new UserDirectory(users.stream().collect(Collectors.toUnmodifiableMap(UserDetails::getUsername,
                Function.identity())));
    }

    /**
     * The configured users. A username listed twice refuses the start: only the operator can tell
     * which entry's password and roles are meant.
     */
    static UserDirectory configured(List<AftermathSecurityProperties.User> configured) {
        Map<String, UserDetails> users = new HashMap<>();
        Map<String, Integer> entries = new HashMap<>();
        for (int entry = 0; entry < configured.size(); entry++) {
            UserDetails user = configured(configured.get(entry));
            Integer first = entries.putIfAbsent(user.getUsername(), entry);
            require(first == null, "user " + user.getUsername() + " is listed twice (users[" + first + "] and users["
                    + entry + "]); keep one entry per user");
            users.put(user.getUsername(), user);
        }
        return new UserDirectory(Map.copyOf(users));
    }

    /** Refuses the start with one clear line rather than a 500 on the first login. */
    private static UserDetails configured(AftermathSecurityProperties.User user) {
        require(user.username() != null && !user.username().isBlank(), "a user without a username");
        require(user.password() != null && user.password().startsWith("{") && user.password().indexOf('}') > 1,
                "user " + user.username() + ": the password must name its encoding, e.g. {bcrypt}$2a$...");
        require(!user.password().startsWith(BCRYPT_ID) || BCRYPT.matcher(user.password()).matches(),
                "user " + user.username() + ": the password is no BCrypt hash ({bcrypt} then $2a$, $2b$ or $2y$, a "
                        + "two-digit cost, $ and 53 characters); in a shell, quote it in single quotes, or each $ "
                        + "starts a variable");
        require(checkable(user.password()), "user " + user.username() + ": a password encoded as "
                + user.password().substring(0, user.password().indexOf('}') + 1) + " cannot be checked here; "
                + "use {bcrypt}$2a$...");
        require(user.roles() != null && !user.roles().isEmpty(), "user " + user.username()
                + " has no roles; give it one or more of " + Arrays.toString(Role.values()));
        return User.withUsername(user.username())
                .password(user.password())
                .roles(user.roles().stream().map(Role::name).toArray(String[]::new))
                .build();
    }

    /**
     * Whether a login could be checked against it. Spring's encoders take a malformed hash quietly, so each login
     * failed with a WARN (tester 68, a hash a shell had cut at its first $); an encoding they do not know, or one
     * whose library is missing, failed each login with a 500.
     */
    private static boolean checkable(String password) {
        if (password.startsWith(BCRYPT_ID)) {
            return true;
        }
        try {
            PASSWORDS.matches("", password);
            return true;
        } catch (RuntimeException | LinkageError unreadable) {
            return false;
        }
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        UserDetails user = users.get(username);
        // A copy each time: Spring erases credentials on the instance it authenticated.
        return user == null ? Mono.empty() : Mono.just(User.withUserDetails(user).build());
    }

    private static void require(boolean rule, String problem) {
        if (!rule) {
            throw new StartRefusedException("aftermath.security.users: " + problem);
        }
    }
}
