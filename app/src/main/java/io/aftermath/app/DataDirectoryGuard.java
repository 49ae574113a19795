package io.aftermath.app;

import java.nio.file.Path;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.aftermath.shared.mongo.DataDirectory;

/**
 * Takes {@code aftermath.data-dir} before any bean starts, on every node whatever its storage: the
 * embedded store keeps its file there, and every node its search index. A second process on a locked
 * directory thus stops before it has built or written anything. On an embedded node the lock it takes
 * is handed to the embedded server as a bean, so no other process can slip in between; on a node with
 * {@code aftermath.mongo.uri} it is held until the context closes. A directory it cannot take ends the
 * start with a {@link io.aftermath.shared.mongo.DataDirectoryException}, which {@link StartRefusals}
 * turns into one line and exit code 2.
 */
class DataDirectoryGuard implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        Environment environment = context.getEnvironment();
        Path dataDir = Path.of(environment.getProperty("aftermath.data-dir", "./data"));
        DataDirectory directory = DataDirectory.open(dataDir);
        String uri = environment.getProperty("aftermath.mongo.uri");
        if (uri != null && !uri.isBlank()) {
            // No embedded server to hand it to, and to close it: the context releases it when it closes.
            ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("dataDirectory",
                    directory::close);
            return;
        }
        context.getBeanFactory().registerSingleton("dataDirectory", directory);
    }
}
