package io.aftermath.shared.node;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnRoleCondition implements Condition {

    static final String PROPERTY = "aftermath.roles";
    static final String DEFAULT_ROLES = "command,query";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        NodeRole wanted = (NodeRole) attributes.get("value");
        String roles = context.getEnvironment().getProperty(PROPERTY, DEFAULT_ROLES);
        return Arrays.stream(roles.split(","))
                .map(role -> role.trim().toUpperCase(Locale.ROOT))
                .anyMatch(wanted.name()::equals);
    }
}
