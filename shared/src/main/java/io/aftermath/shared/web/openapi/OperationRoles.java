package io.aftermath.shared.web.openapi;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

import io.aftermath.shared.web.security.AccessRules;
import io.aftermath.shared.web.security.Role;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;

/**
 * Names on every API operation the roles that may call it, read from the table that guards it
 * ({@link AccessRules}): as {@value #EXTENSION} and at the end of its description, so a client knows
 * before a 403 which role a user needs.
 */
class OperationRoles implements OpenApiCustomizer {

    static final String EXTENSION = "x-roles";

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (path.startsWith("/api/")) {
                describe(operation, AccessRules.rolesFor(HttpMethod.valueOf(method.name()), path).stream()
                        .map(Role::name).toList());
            }
        }));
    }

    /** Once, should the description be customised again. */
    private static void describe(Operation operation, List<String> roles) {
        if (operation.getExtensions() != null && operation.getExtensions().containsKey(EXTENSION)) {
            return;
        }
        operation.addExtension(EXTENSION, roles);
        String line = "Roles: " + String.join(", ", roles) + ".";
        operation.setDescription(operation.getDescription() == null ? line : operation.getDescription() + "\n\n" + line);
    }
}
