package io.aftermath.app;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.aftermath.shared.node.StartRefusedException;

/**
 * The names the settings' binds looked for, so that an {@code aftermath.*} key none of them looked for is refused: a
 * misspelt one ({@code aftermath.bakup.interval}) was ignored without a word, and the node ran without the backups
 * its operator had asked for (tester 80).
 */
final class SettingsTaken extends AbstractBindHandler {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("aftermath");

    private final Set<ConfigurationPropertyName> lookedFor = new HashSet<>();

    @Override
    public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
        lookedFor.add(name);
        return super.onStart(name, target, context);
    }

    /** Refuses the first {@code aftermath.*} key, in any of the node's property sources, that no bind looked for. */
    void refuseTheRest(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource keys) {
                Optional<ConfigurationPropertyName> unknown = keys.stream()
                        .filter(name -> ROOT.isAncestorOf(name) && !lookedFor.contains(name)).findFirst();
                if (unknown.isPresent()) {
                    throw new StartRefusedException(unknown.get() + where(source.getConfigurationProperty(unknown.get()))
                            + " is no setting of Aftermath (misspelt?); the README's Configuration lists them");
                }
            }
        }
    }

    /** The environment variable or the file that gave it, whose spelling differs; nothing for an option. */
    private static String where(ConfigurationProperty property) {
        Origin origin = property == null ? null : property.getOrigin();
        if (origin instanceof SystemEnvironmentOrigin variable) {
            return " (environment variable " + variable.getProperty() + ")";
        }
        if (origin instanceof PropertySourceOrigin given
                && given.getPropertySource() instanceof SystemEnvironmentPropertySource) {
            return " (environment variable " + given.getPropertyName() + ")";
        }
        return origin instanceof TextResourceOrigin file ? " (" + file + ")" : "";
    }
}
