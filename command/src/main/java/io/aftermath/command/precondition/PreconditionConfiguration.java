package io.aftermath.command.precondition;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** On the command bus, so every handler's reported version reaches the sender, whichever handler it was. */
@Configuration(proxyBeanMethods = false)
class PreconditionConfiguration {

    @Autowired
    void reportVersions(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new VersionReporting());
    }
}
