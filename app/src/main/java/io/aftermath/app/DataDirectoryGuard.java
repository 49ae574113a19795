package io.aftermath.app;

import java.nio.file.Path;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.aftermath.shared.mongo.DataDirectory;
import io.aftermath.shared.mongo.DataDirectoryException;

/**
 * Takes the embedded store's directory before any bean starts, so that a locked or unwritable
 * directory ends the process with one line and exit code 2 instead of a wall of stack trace. The
 * lock it takes is handed to the embedded server as a bean, so no other process can slip in between.
 * Registered by {@code main} only: tests must never exit the JVM.
 */
class DataDirectoryGuard implements ApplicationListener<ApplicationPreparedEvent> {

    static final int EXIT_CODE = 2;

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        Environment environment = context.getEnvironment();
        String uri = environment.getProperty("aftermath.mongo.uri");
        if (uri != null && !uri.isBlank()) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("aftermath.data-dir", "./data"));
        try {
            context.getBeanFactory().registerSingleton("dataDirectory", DataDirectory.open(dataDir));
        } catch (DataDirectoryException e) {
            System.err.println("aftermath: " + e.getMessage());
            System.exit(EXIT_CODE);
        }
    }
}
