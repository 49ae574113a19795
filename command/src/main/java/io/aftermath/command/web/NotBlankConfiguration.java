package io.aftermath.command.web;

import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jakarta.validation.constraints.NotBlank;

/**
 * Every {@code @NotBlank} in a request is checked by {@link VisibleText} instead of Hibernate
 * Validator's own check, so the rule holds for each field that has it, list items included, without
 * swapping the standard annotation, which the OpenAPI description reads, for one of ours.
 */
@Configuration(proxyBeanMethods = false)
class NotBlankConfiguration {

    @Bean
    ValidationConfigurationCustomizer visibleTextIsNotBlank() {
        return configuration -> {
            // The provider spring-boot-starter-validation brings; another would fail this cast at start.
            HibernateValidatorConfiguration hibernate = (HibernateValidatorConfiguration) configuration;
            ConstraintMapping mapping = hibernate.createConstraintMapping();
            mapping.constraintDefinition(NotBlank.class).includeExistingValidators(false)
                    .validatedBy(VisibleText.class);
            hibernate.addMapping(mapping);
        };
    }
}
