package io.aftermath.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.aftermath.app.node.NodeRoutingConfiguration;
import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.infrastructure.LedgerConfiguration;
import io.aftermath.shared.metadata.MetadataConfiguration;
import io.aftermath.shared.web.WebConfiguration;

/**
 * The one executable. {@code aftermath.roles} decides whether this node takes commands, serves
 * queries, or both; the ledger underneath is the same either way.
 */
@SpringBootApplication
@Import({LedgerConfiguration.class, MetadataConfiguration.class, WebConfiguration.class, CommandSide.class,
        QuerySide.class, NodeRoutingConfiguration.class})
public class AftermathApplication {

    public static void main(String[] args) {
        // A ledger does not phone home: Axon's update check and console banner stay off unless asked for.
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        System.setProperty("disable-axoniq-console-message", "true");
        RepeatedOptions.refusal(args).ifPresent(line -> {
            System.err.println("aftermath: " + line);
            System.exit(StartRefusals.EXIT_CODE);
        });
        SpringApplication application = new SpringApplication(AftermathApplication.class);
        application.addListeners(new EarlySettingsCheck(), new DataDirectoryGuard(), new StartRefusals());
        application.run(args);
    }
}
