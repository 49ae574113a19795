package io.aftermath.shared.web.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

/**
 * The description's {@code info}, which OpenAPI requires: springdoc leaves it out once an
 * {@code @OpenAPIDefinition} (ours declares the security schemes) gives none, and strict validators
 * and client generators then reject the whole document. The version is the build's, so a client can
 * tell which build described the API.
 */
class ApiInfo implements OpenApiCustomizer {

    static final String TITLE = "Aftermath";

    @Override
    public void customise(OpenAPI api) {
        if (api.getInfo() == null) {
            api.setInfo(new Info().title(TITLE).version(buildVersion()).description(
                    "An event-sourced incident ledger: commands become events in an immutable, hash-chained log; "
                            + "triage queues, release timelines and post-mortem search are derived from it."));
        }
    }

    private static String buildVersion() {
        String version = ApiInfo.class.getPackage().getImplementationVersion();
        // Classes run from a build directory (tests, an IDE) carry no manifest.
        return version != null ? version : "development";
    }
}
