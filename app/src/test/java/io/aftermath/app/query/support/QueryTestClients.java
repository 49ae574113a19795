package io.aftermath.app.query.support;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/** The write and read helpers every read-side HTTP test uses, as beans of its context. */
@TestConfiguration(proxyBeanMethods = false)
class QueryTestClients {

    @Bean
    Writes writes(WebTestClient client, CommandGateway commands, MongoLedgerStorageEngine engine) {
        return new Writes(client, commands, engine);
    }

    @Bean
    ReadClient readClient(WebTestClient client) {
        return new ReadClient(client);
    }
}
