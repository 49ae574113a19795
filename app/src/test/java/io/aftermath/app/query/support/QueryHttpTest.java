package io.aftermath.app.query.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import io.aftermath.app.support.AftermathHttpTest;

/**
 * The whole application, as {@link AftermathHttpTest}, with stream heartbeats every 200 ms so a test
 * can see one. Read test classes share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AftermathHttpTest
@Import(QueryTestClients.class)
@TestPropertySource(properties = {
        "aftermath.query.stream.heartbeat=200ms",
        "aftermath.query.read-your-writes.timeout=5s"})
public @interface QueryHttpTest {
}
