package io.aftermath.shared.metadata;

import java.time.Clock;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock the edge stamps commands with, and the metadata that follows a request into its events. */
@Configuration(proxyBeanMethods = false)
public class MetadataConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Being a bean, it takes the place of Axon's default {@code MessageOriginProvider}. */
    @Bean
    CorrelationDataProvider causationCorrelationDataProvider() {
        return new CausationCorrelationDataProvider();
    }
}
