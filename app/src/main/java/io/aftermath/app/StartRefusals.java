package io.aftermath.app;

import java.util.Optional;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import io.aftermath.shared.node.StartRefusedException;

/**
 * Ends a start that failed because the node refused its configuration ({@link StartRefusedException},
 * wherever in the start it was thrown and however deeply the bean factory wrapped it), or because
 * Spring or the store refused a setting ({@link RefusedSettings}), with one line on stderr and exit
 * code 2, before Spring Boot logs the wall of stack trace it would otherwise. Any other failure is
 * left to Spring Boot. Registered by {@code main} only: tests must never exit the JVM.
 */
class StartRefusals implements ApplicationListener<ApplicationFailedEvent> {

    static final int EXIT_CODE = 2;

    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        Environment environment = event.getApplicationContext() == null ? null
                : event.getApplicationContext().getEnvironment();
        refusal(event.getException(), environment).ifPresent(line -> {
            System.err.println("aftermath: " + line);
            System.exit(EXIT_CODE);
        });
    }

    /**
     * The one line that explains the failure, if it is a refusal. The node's own refusal wins over a
     * setting Spring refused on its way (a record that refuses its values fails Spring's binding too).
     */
    static Optional<String> refusal(Throwable failure, Environment environment) {
        return RefusedSettings.cause(failure, StartRefusedException.class).map(Throwable::getMessage)
                .or(() -> RefusedSettings.explain(failure, environment));
    }
}
