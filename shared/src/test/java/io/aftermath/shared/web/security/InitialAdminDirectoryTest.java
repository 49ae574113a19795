package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.server.WebServer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problems;

class InitialAdminDirectoryTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    @Test
    void a_login_before_the_web_server_is_bound_waits_for_the_admin() {
        InitialAdminDirectory directory = new InitialAdminDirectory(() -> User.withUsername("admin")
                .password("{noop}secret").roles("ADMIN").build());
        CompletableFuture<UserDetails> login = directory.findByUsername("admin").toFuture();
        assertThat(login).isNotDone();

        directory.onApplicationEvent(bound());

        assertThat(login).succeedsWithin(AT_ONCE).extracting(UserDetails::getUsername).isEqualTo("admin");
    }

    /** Regression: the admin's future never completed, so every login waited forever. */
    @Test
    void an_admin_that_cannot_be_created_fails_the_start_and_every_login_at_once_with_503() {
        IllegalStateException storeFailure = new IllegalStateException("the store refused the insert");
        InitialAdminDirectory directory = new InitialAdminDirectory(() -> {
            throw storeFailure;
        });
        CompletableFuture<UserDetails> waiting = directory.findByUsername("admin").toFuture();

        assertThatThrownBy(() -> directory.onApplicationEvent(bound())).as("the start fails").isSameAs(storeFailure);

        for (CompletableFuture<UserDetails> login : List.of(waiting,
                directory.findByUsername("admin").toFuture())) {
            assertThat(login).failsWithin(AT_ONCE).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(DomainRejection.class, rejection -> {
                        assertThat(rejection.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                        assertThat(Problems.of(rejection).status()).isEqualTo(503);
                    });
        }
    }

    private static WebServerInitializedEvent bound() {
        return new WebServerInitializedEvent(mock(WebServer.class)) {
            @Override
            public WebServerApplicationContext getApplicationContext() {
                return null;
            }
        };
    }
}
