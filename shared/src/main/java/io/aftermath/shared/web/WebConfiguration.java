package io.aftermath.shared.web;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.web.admission.HeavyRequestFilter;
import io.aftermath.shared.web.admission.HeavyRoutes;
import io.aftermath.shared.web.idempotency.AwaitingOutcomeWriter;
import io.aftermath.shared.web.idempotency.ExpiredKeySweeper;
import io.aftermath.shared.web.idempotency.IdempotencyFilter;
import io.aftermath.shared.web.idempotency.IdempotencyProperties;
import io.aftermath.shared.web.idempotency.IdempotencyStore;
import io.aftermath.shared.web.openapi.ApiDescriptionConfiguration;
import io.aftermath.shared.web.problem.DroppedDecodingErrors;
import io.aftermath.shared.web.problem.ProblemExceptionHandler;
import io.aftermath.shared.web.problem.ProblemWriter;
import io.aftermath.shared.web.security.ApiSecuritySchemes;
import io.aftermath.shared.web.security.SecurityConfiguration;
import reactor.core.scheduler.Scheduler;

/**
 * The HTTP edge both sides share: problem+json errors, correlation ids, the body size limit,
 * idempotency keys, strict JSON and number reading, security, and how {@code /v3/api-docs} describes them.
 * Filter order: correlation id, size limit, a browser's cross-site write (-150), Spring Security (-100), the node's role (-70, the app's
 * {@code MisdirectedRequestFilter}), a body's content coding (-65), a write's Accept (-60), the store's
 * presence for writes (-50), the turn of a heavy request (-45), idempotency (0).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WebLimits.class, IdempotencyProperties.class})
@Import({SecurityConfiguration.class, ApiSecuritySchemes.class, ApiDescriptionConfiguration.class})
public class WebConfiguration {

    @Bean
    ProblemWriter problemWriter(ObjectMapper mapper) {
        return new ProblemWriter(mapper);
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter writer) {
        return new ProblemExceptionHandler(writer);
    }

    @Bean
    DroppedDecodingErrors droppedDecodingErrors() {
        return new DroppedDecodingErrors();
    }

    @Bean
    IdleConnectionSweeper idleConnectionSweeper(
            @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration shutdownPhase,
            ProblemExceptionHandler failures, NodeStop stop) {
        return new IdleConnectionSweeper(shutdownPhase, failures, stop);
    }

    @Bean
    StalledClientCutter stalledClientCutter(WebLimits limits) {
        return new StalledClientCutter(limits.sendTimeout());
    }

    @Bean
    UnansweredRequests unansweredRequests() {
        return new UnansweredRequests();
    }

    @Bean
    CorrelationIdFilter correlationIdFilter() {
        return new CorrelationIdFilter();
    }

    @Bean
    RequestSizeLimitFilter requestSizeLimitFilter(WebLimits limits, ProblemWriter problems) {
        return new RequestSizeLimitFilter(limits.maxBodySize().toBytes(), problems);
    }

    @Bean
    ContentEncodingFilter contentEncodingFilter(ProblemWriter problems) {
        return new ContentEncodingFilter(problems);
    }

    @Bean
    EmptyAcceptPatchFilter emptyAcceptPatchFilter() {
        return new EmptyAcceptPatchFilter();
    }

    @Bean
    UrlUtf8Filter urlUtf8Filter(ProblemWriter problems) {
        return new UrlUtf8Filter(problems);
    }

    @Bean
    AcceptCharsetFilter acceptCharsetFilter() {
        return new AcceptCharsetFilter();
    }

    @Bean
    UnacceptableAnswerFilter unacceptableAnswerFilter(ProblemWriter problems,
            // The controllers' mapping, not the actuator's, which is one too.
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlers) {
        return new UnacceptableAnswerFilter(problems, handlers);
    }

    @Bean
    StoreOutOfSightFilter storeOutOfSightFilter(StoreSight store, ProblemWriter problems) {
        return new StoreOutOfSightFilter(store, problems);
    }

    @Bean
    HeavyRequestFilter heavyRequestFilter(WebLimits limits, ObjectProvider<HeavyRoutes> heavyRoutes,
                                          ProblemWriter problems) {
        return new HeavyRequestFilter(limits.heavyRequests(), heavyRoutes.orderedStream().toList(), problems);
    }

    @Bean
    StrictJsonCodecCustomizer strictJsonCodecCustomizer(ObjectMapper mapper, WebLimits limits) {
        return new StrictJsonCodecCustomizer(mapper, (int) limits.maxBodySize().toBytes());
    }

    @Bean
    StrictNumberBinding strictNumberBinding() {
        return new StrictNumberBinding();
    }

    @Bean
    IdempotencyStore idempotencyStore(MongoDatabase database, Clock clock, IdempotencyProperties properties) {
        return new IdempotencyStore(database, clock, properties);
    }

    @Bean
    ExpiredKeySweeper expiredKeySweeper(IdempotencyStore store, IdempotencyProperties properties) {
        return new ExpiredKeySweeper(store, properties.sweepInterval());
    }

    @Bean
    AwaitingOutcomeWriter awaitingOutcomeWriter(IdempotencyStore outcomes, StoreSight store) {
        return new AwaitingOutcomeWriter(outcomes, store::inSight, Duration.ofSeconds(1));
    }

    /**
     * A queue far beyond any burst of keyed writes: a claim refused would be 503, but an outcome refused would
     * leave its key claimed for the lease.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler idempotencyStoreCalls() {
        return BoundedScheduler.of("aftermath-idempotency", 20, 100_000).scheduler();
    }

    @Bean
    IdempotencyFilter idempotencyFilter(IdempotencyStore store,
                                        @Qualifier("idempotencyStoreCalls") Scheduler idempotencyStoreCalls,
                                        ProblemWriter problems, IdempotencyProperties properties, WebLimits limits,
                                        NodeStop stop) {
        return new IdempotencyFilter(store, idempotencyStoreCalls, problems, properties,
                limits.maxBodySize().toBytes(), stop);
    }
}
