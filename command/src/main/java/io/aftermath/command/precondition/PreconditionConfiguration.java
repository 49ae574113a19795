package io.aftermath.command.precondition;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PreconditionConfiguration {

    @Autowired
    void reportVersions(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new VersionReporting());
    }
}
