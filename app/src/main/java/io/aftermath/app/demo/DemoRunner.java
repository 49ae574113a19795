package io.aftermath.app.demo;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.aftermath.shared.node.ConditionalOnRole;
import io.aftermath.shared.node.NodeRole;

/**
 * {@code java -jar aftermath.jar --demo} (or {@code aftermath.demo=true}): seeds the demo story once the
 * node is up, then the node runs on as usual. Command nodes only, since the story is told in commands.
 * A failure is logged, not fatal: the demo is a convenience, the node is not.
 */
@Component
@ConditionalOnRole(NodeRole.COMMAND)
public class DemoRunner implements ApplicationRunner {

    static final String OPTION = "demo";
    static final String PROPERTY = "aftermath.demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoSeeder seeder;
    private final Environment environment;

    DemoRunner(DemoSeeder seeder, Environment environment) {
        this.seeder = seeder;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (!wanted(arguments)) {
            return;
        }
        try {
            seeder.seed();
        } catch (RuntimeException e) {
            LOG.error("The demo could not be seeded; the node runs on without it", e);
        }
    }

    /**
     * A value of {@code --demo} or {@code aftermath.demo} that is neither true nor false (nor empty, for the option)
     * ends the start with the other settings' refusals, before the data directory is touched; read only here, it
     * was refused once the node had started (tester 80: 23 s in, leaving a store and an admin password behind).
     */
    public static void refuseUnreadable(Binder binder) {
        binder.bind(OPTION, Boolean.class);
        binder.bind(PROPERTY, Boolean.class);
    }

    /** {@code --demo} and {@code --demo=true} ask for it, {@code --demo=false} does not. */
    private boolean wanted(ApplicationArguments arguments) {
        if (arguments.containsOption(OPTION)) {
            List<String> values = arguments.getOptionValues(OPTION);
            return values.isEmpty() || values.stream().noneMatch("false"::equalsIgnoreCase);
        }
        return environment.getProperty(PROPERTY, Boolean.class, false);
    }
}
