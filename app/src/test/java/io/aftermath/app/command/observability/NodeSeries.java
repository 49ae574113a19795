package io.aftermath.app.command.observability;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.test.web.reactive.server.WebTestClient;

/** The names of the series a running node publishes on {@code /actuator/prometheus}. */
final class NodeSeries {

    private NodeSeries() {
    }

    static Set<String> publishedBy(WebTestClient node) {
        String scrape = node.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList()) {
            names.add(line.split("[{ ]", 2)[0]);
        }
        return names;
    }
}
