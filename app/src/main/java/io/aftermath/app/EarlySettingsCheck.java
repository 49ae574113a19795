package io.aftermath.app;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

import io.aftermath.app.demo.DemoRunner;
import io.aftermath.command.web.CommandProperties;
import io.aftermath.query.QueryProperties;
import io.aftermath.query.projection.ProcessorConfiguration;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.infrastructure.ScheduledBackups;
import io.aftermath.shared.infrastructure.ScheduledCheckpoints;
import io.aftermath.shared.node.NodeRole;
import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.node.StartRefusedException;
import io.aftermath.shared.web.WebLimits;
import io.aftermath.shared.web.idempotency.IdempotencyProperties;
import io.aftermath.shared.web.security.AftermathSecurityProperties;

/**
 * Binds every Aftermath setting before anything starts, so that one the node refuses (out of range,
 * not of its type) ends the start in a second, leaving the data directory untouched: bound where its
 * bean is made, {@code aftermath.commands.threads=0} was refused only after the embedded store had been
 * created and opened, 20 to 45 s in. The beans bind again as usual; this only fails sooner. An {@code aftermath.*}
 * key none of these binds looks for is refused too ({@link SettingsTaken}).
 */
class EarlySettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

    private static final Map<String, Class<?>> SETTINGS = Map.of(
            "aftermath.web", WebLimits.class,
            "aftermath.idempotency", IdempotencyProperties.class,
            "aftermath.security", AftermathSecurityProperties.class,
            "aftermath.commands", CommandProperties.class);

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
        SettingsTaken taken = new SettingsTaken();
        Binder binder = Binder.get(environment, taken);
        AftermathProperties node = binder.bindOrCreate("aftermath", AftermathProperties.class);
        QueryProperties query = binder.bindOrCreate("aftermath.query", QueryProperties.class);
        SETTINGS.forEach(binder::bindOrCreate);
        // Settings judged together, as the query side judges them where it uses them.
        if (NodeRole.parse(node.roles()).contains(NodeRole.QUERY)) {
            ProcessorConfiguration.refuseClaimsThatLapse(query.processors(), node.ledger());
            ProcessorConfiguration.refuseStaleBeforeRenewal(query);
        }
        ScheduledBackups.refuseImpossible(node);
        ScheduledCheckpoints.refuseImpossible(node);
        refuseImpossibleServerSettings(binder);
        DemoRunner.refuseUnreadable(binder);
        taken.refuseTheRest(environment);
    }

    /** Spring's own, which it would refuse only with a stack trace once the server starts (tester 36). */
    private static void refuseImpossibleServerSettings(Binder binder) {
        // Spring refuses a port that is no number itself, but only once the data directory has been made.
        binder.bind("server.port", String.class).map(String::strip).ifBound(port -> {
            if (port.matches("[+-]?\\d{1,9}")) {
                int number = Integer.parseInt(port);
                SettingRange.between("server.port", number, 0, 65_535);
                if (number > 0) {
                    UnboundHttpPort.refuseUnbindable(binder.bind("server.address", String.class).orElse(null), number);
                }
            } else if (!port.matches("[+-]?\\d+")) {
                throw new StartRefusedException("server.port=" + port + " is no port number: give one from 0 to 65535 "
                        + "(0 takes any free port)");
            }
        });
        binder.bind("server.netty.idle-timeout", Duration.class)
                .ifBound(timeout -> SettingRange.atLeast("server.netty.idle-timeout", timeout, Duration.ZERO));
    }
}
