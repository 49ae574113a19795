package io.aftermath.shared.web.security;

import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Tells OpenAPI clients how to authenticate: every documented endpoint takes HTTP Basic or, in JWT
 * mode, a bearer token (which one a node accepts depends on its configuration, see
 * {@link SecurityConfiguration}). Which roles an operation needs, each operation says ({@code x-roles},
 * from {@link AccessRules}).
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(security = {@SecurityRequirement(name = ApiSecuritySchemes.BASIC),
        @SecurityRequirement(name = ApiSecuritySchemes.BEARER)})
@SecurityScheme(name = ApiSecuritySchemes.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "Users from aftermath.security.users (or the initial admin)")
@SecurityScheme(name = ApiSecuritySchemes.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "When aftermath.security.jwt.issuer-uri is set; roles from the roles claim")
public class ApiSecuritySchemes {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";
}
