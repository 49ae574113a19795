package io.aftermath.app.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.aftermath.app.AftermathApplication;

/**
 * The whole application on a random port, over the in-memory embedded MongoDB, with the users of
 * {@code application-test.yml} (see {@link TestUsers}). Test classes share one context and one
 * database, so every test makes its own releases and tickets with unique ids ({@link Ids}). Metrics
 * export stays on (Spring Boot turns it off in tests), so {@code /actuator/prometheus} can be checked.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = AftermathApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureWebTestClient(timeout = "30s")
@AutoConfigureObservability(tracing = false)
public @interface AftermathHttpTest {
}
