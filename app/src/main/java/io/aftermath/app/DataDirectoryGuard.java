package io.aftermath.app;

import java.nio.file.Path;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.aftermath.shared.mongo.DataDirectory;

/**
 * Takes the embedded store's directory before any bean starts, so that a second process on a locked
 * directory stops before it has built anything. The lock it takes is handed to the embedded server as
 * a bean, so no other process can slip in between. A directory it cannot take ends the start with a
 * {@link io.aftermath.shared.mongo.DataDirectoryException}, which {@link StartRefusals} turns into one
 * line and exit code 2.
 */
class DataDirectoryGuard implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        Environment environment = context.getEnvironment();
        String uri = environment.getProperty("aftermath.mongo.uri");
        if (uri != null && !uri.isBlank()) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("aftermath.data-dir", "./data"));
        context.getBeanFactory().registerSingleton("dataDirectory", DataDirectory.open(dataDir));
    }
}
