package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.testing.MutableClock;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class IssuerOutageDecoderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final Logger logger = (Logger) LoggerFactory.getLogger(IssuerOutageDecoder.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    /** Tester 29: a discovery answered 404 or 429 failed as Spring's plain JwtException, which was taken for a bad token. */
    @Test
    void only_a_token_at_fault_is_refused_as_one_and_any_other_failure_is_the_issuer_out_of_reach() {
        StepVerifier.create(new IssuerOutageDecoder(token -> Mono.error(new BadJwtException("no matching key")), clock)
                .decode("t")).expectError(BadJwtException.class).verify();
        for (Throwable failure : new Throwable[] {
                new JwtException("An error occurred while attempting to decode the Jwt: ",
                        new IllegalArgumentException("Unable to resolve the Configuration with the provided Issuer")),
                new TimeoutException("no answer in 5 s")}) {
            StepVerifier.create(new IssuerOutageDecoder(token -> Mono.error(failure), clock).decode("t"))
                    .expectErrorSatisfies(refused -> assertThat(((DomainRejection) refused).code())
                            .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE))
                    .verify();
        }
    }

    /** Tester 29: one WARN line per refused request, so tokens naming made-up keys could flood the log. */
    @Test
    void an_outage_is_logged_at_most_once_every_ten_seconds_with_how_many_were_refused_between() {
        IssuerOutageDecoder decoder = new IssuerOutageDecoder(token -> Mono.error(new TimeoutException("down")), clock);

        for (int i = 0; i < 5; i++) {
            StepVerifier.create(decoder.decode("t")).expectError(DomainRejection.class).verify();
        }
        clock.advance(IssuerOutageDecoder.LOG_EVERY);
        StepVerifier.create(decoder.decode("t")).expectError(DomainRejection.class).verify();

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).endsWith("(4 more refused 503 since the last such line)");
    }
}
