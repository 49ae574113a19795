package io.aftermath.shared.web.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import reactor.core.publisher.Mono;

/**
 * The users of a node configured with neither users nor JWT: the {@link InitialAdmin} alone, created
 * (or, when an earlier start or another node created it, read) once the web server has bound its
 * port, the last thing a start can fail on. A start refused before then (a port in use, a store that
 * does not answer) thus creates no admin and prints no password into a data directory it abandons.
 * A login that arrives between the bind and the admin's creation waits for it rather than failing;
 * if the admin cannot be had, it is answered 503 {@code STORE_UNAVAILABLE}.
 */
final class InitialAdminDirectory implements ReactiveUserDetailsService,
        ApplicationListener<WebServerInitializedEvent> {

    private final Supplier<UserDetails> admin;
    private final CompletableFuture<UserDirectory> users = new CompletableFuture<>();

    InitialAdminDirectory(Supplier<UserDetails> admin) {
        this.admin = admin;
    }

    /**
     * A failure fails the start, and every login with it, at once: the ones waiting and any that come
     * before the server stops, which would otherwise wait for an admin that never comes.
     */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (users.isDone()) {
            return;
        }
        try {
            users.complete(UserDirectory.of(List.of(admin.get())));
        } catch (RuntimeException e) {
            users.completeExceptionally(new DomainRejection(ErrorCode.STORE_UNAVAILABLE,
                    "The node could not read or create its users in the store; retry later"));
            throw e;
        }
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        // Cancelling one login must not cancel the future every other login waits on.
        return Mono.fromFuture(users, true).flatMap(directory -> directory.findByUsername(username));
    }
}
