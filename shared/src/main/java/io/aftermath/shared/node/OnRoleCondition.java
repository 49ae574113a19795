package io.aftermath.shared.node;

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
        return NodeRole.parse(context.getEnvironment().getProperty(PROPERTY, DEFAULT_ROLES)).contains(wanted);
    }
}
