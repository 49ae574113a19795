package io.aftermath.shared.web.security;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import io.aftermath.shared.node.StartRefusedException;
import reactor.core.publisher.Mono;

/** The HTTP Basic users, fixed at start-up: the configured ones, or else the initial admin. */
final class UserDirectory implements ReactiveUserDetailsService {

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
        require(user.password() != null && user.password().startsWith("{"),
                "user " + user.username() + ": the password must name its encoding, e.g. {bcrypt}$2a$...");
        require(user.roles() != null && !user.roles().isEmpty(), "user " + user.username()
                + " has no roles; give it one or more of " + Arrays.toString(Role.values()));
        return User.withUsername(user.username())
                .password(user.password())
                .roles(user.roles().stream().map(Role::name).toArray(String[]::new))
                .build();
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
