package io.aftermath.query.audit;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.aftermath.shared.web.admission.HeavyRoutes;

/** The audit reads pass over the log or answer pages of it: taken a few at a time (HeavyRequestFilter). */
@Configuration(proxyBeanMethods = false)
class HeavyAuditReads {

    @Bean
    HeavyRoutes auditRoutes() {
        return new HeavyRoutes(HttpMethod.GET, List.of("/api/events", "/api/audit/verify",
                "/api/releases/{releaseId}/events", "/api/releases/{releaseId}/replay"));
    }
}
