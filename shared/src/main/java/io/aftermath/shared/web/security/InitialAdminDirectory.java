package io.aftermath.shared.web.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;

import reactor.core.publisher.Mono;

/**
 * The users of a node configured with neither users nor JWT: the {@link InitialAdmin} alone, created
 * (or, when an earlier start or another node created it, read) once the web server has bound its
 * port, the last thing a start can fail on. A start refused before then (a port in use, a store that
 * does not answer) thus creates no admin and prints no password into a data directory it abandons.
 * A login that arrives between the bind and the admin's creation waits for it rather than failing.
 */
final class InitialAdminDirectory implements ReactiveUserDetailsService,
        ApplicationListener<WebServerInitializedEvent> {

    private final Supplier<UserDetails> admin;
    private final CompletableFuture<UserDirectory> users = new CompletableFuture<>();

    InitialAdminDirectory(Supplier<UserDetails> admin) {
        this.admin = admin;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (!users.isDone()) {
            users.complete(UserDirectory.of(List.of(admin.get())));
        }
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        // Cancelling one login must not cancel the future every other login waits on.
        return Mono.fromFuture(users, true).flatMap(directory -> directory.findByUsername(username));
    }
}
