package io.aftermath.shared.web.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import reactor.core.publisher.Mono;

/**
 * Answers an unknown user name with a decoy whose password no one knows, so the password check runs
 * for it as for a real user. Spring skips the check for a name it cannot find, and the time saved
 * (~10 ms against ~170 ms) told anyone which user names exist.
 */
final class DecoyForUnknownUsers implements ReactiveUserDetailsService {

    private final ReactiveUserDetailsService users;
    /** One for every name: nothing reads its name, and an empty one ({@code -u ":"}) could not be a User's. */
    private final UserDetails decoy;

    DecoyForUnknownUsers(ReactiveUserDetailsService users, PasswordEncoder encoder) {
        this.users = users;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.decoy = User.withUsername("unknown user")
                .password(encoder.encode(Base64.getEncoder().encodeToString(secret)))
                .authorities(List.of()).build();
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return users.findByUsername(username).defaultIfEmpty(decoy);
    }
}
