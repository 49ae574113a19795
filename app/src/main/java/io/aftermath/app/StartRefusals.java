package io.aftermath.app;

import java.util.Optional;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

import io.aftermath.shared.node.StartRefusedException;

/**
 * Ends a start that failed because the node refused its configuration ({@link StartRefusedException},
 * wherever in the start it was thrown and however deeply the bean factory wrapped it) with the
 * refusal's one line on stderr and exit code 2, before Spring Boot logs the wall of stack trace it
 * would otherwise. Any other failure is left to Spring Boot. Registered by {@code main} only: tests
 * must never exit the JVM.
 */
class StartRefusals implements ApplicationListener<ApplicationFailedEvent> {

    static final int EXIT_CODE = 2;

    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        refusal(event.getException()).ifPresent(refused -> {
            System.err.println("aftermath: " + refused.getMessage());
            System.exit(EXIT_CODE);
        });
    }

    /** The refusal among the failure and its causes, if it is one. */
    static Optional<StartRefusedException> refusal(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof StartRefusedException refused) {
                return Optional.of(refused);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return Optional.empty();
    }
}
