package io.aftermath.shared.web.openapi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the shared HTTP edge in {@code /v3/api-docs}. Springdoc is an optional dependency of
 * shared (the sides bring it), hence the condition on its class.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
public class ApiDescriptionConfiguration {

    @Bean
    EdgeContract edgeContract(ObjectProvider<RoleBoundOperations> roleBound) {
        return new EdgeContract(roleBound.getIfAvailable(() -> (method, path) -> false));
    }

    @Bean
    OperationRoles operationRoles() {
        return new OperationRoles();
    }

    @Bean
    ResolvedRecords resolvedRecords() {
        return new ResolvedRecords();
    }

    @Bean
    AnswerFieldPresence answerFieldPresence(ResolvedRecords records) {
        return new AnswerFieldPresence(records);
    }

    @Bean
    StreamAndUploadBodies streamAndUploadBodies() {
        return new StreamAndUploadBodies();
    }

    @Bean
    ApiInfo apiInfo() {
        return new ApiInfo();
    }
}
