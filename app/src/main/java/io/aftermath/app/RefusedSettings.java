package io.aftermath.app;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;

/**
 * Settings that Spring or the MongoDB driver refused during a start, before Aftermath could judge
 * them: a value that does not convert to its property's type (bound, or read while Spring evaluates
 * conditions), an HTTP port the node cannot listen on, a MongoDB of {@code aftermath.mongo.uri} that
 * never answered or refused its credentials. Each
 * becomes the one line an operator needs, naming the setting, as the node's own refusals do.
 */
final class RefusedSettings {

    private static final String MONGO_URI = "aftermath.mongo.uri";
    private static final String READ_TIMEOUT = "aftermath.mongo.read-timeout";
    /** The driver's, when the URI sets no {@code serverSelectionTimeoutMS}. */
    private static final int DEFAULT_SERVER_SELECTION_MILLIS = 30_000;
    private static final Pattern FAILED_CONVERSION = Pattern.compile("Failed to convert to type (?:[\\w$]+\\.)*([\\w$]+)");
    /** Java's words for a name that is no constant: "No enum constant io.aftermath...Backend.foo". */
    private static final Pattern NO_CONSTANT = Pattern.compile("No enum constant (?:[\\w$]+\\.)*([^.]*)");

    private RefusedSettings() {
    }

    static Optional<String> explain(Throwable failure, Environment environment) {
        return cause(failure, BindException.class).map(RefusedSettings::unbound)
                .or(() -> cause(failure, InvalidConfigurationPropertyValueException.class).map(RefusedSettings::invalid))
                .or(() -> cause(failure, PortInUseException.class).map(UnboundHttpPort::explain))
                .or(() -> cause(failure, MongoTimeoutException.class).flatMap(timeout -> unreachable(environment)))
                .or(() -> cause(failure, MongoSocketReadTimeoutException.class).flatMap(slow -> tooSlow(environment)))
                .or(() -> cause(failure, MongoSecurityException.class).flatMap(refused -> notLoggedIn(refused,
                        environment)));
    }

    /** The first of {@code type} among the failure and its causes. */
    static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
        }
        return Optional.empty();
    }

    private static String unbound(BindException failure) {
        ConfigurationProperty property = failure.getProperty();
        String setting = property == null ? failure.getName().toString()
                : failure.getName() + "=" + property.getValue();
        Optional<Class<?>> choice = choice(failure.getTarget().getType());
        if (choice.isPresent()) {
            return notAChoice(setting, property, failure, choice.get());
        }
        Class<?> type = failure.getTarget().getType().resolve();
        return setting + " cannot be converted to " + (type == null ? "its type" : type.getSimpleName()) + ": "
                + reason(failure);
    }

    /** The enum a setting names one of, or a list of: the bind target, or its elements. */
    private static Optional<Class<?>> choice(ResolvableType target) {
        Class<?> type = target.resolve();
        ResolvableType element = type != null && Collection.class.isAssignableFrom(type)
                ? target.asCollection().getGeneric(0) : target.isArray() ? target.getComponentType() : target;
        Class<?> candidate = element.resolve();
        return candidate != null && candidate.isEnum() ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * The accepted names instead of Java's "No enum constant" and a class name; in a list, which entry
     * was refused. Spring accepts the names in any case.
     */
    private static String notAChoice(String setting, ConfigurationProperty property, BindException failure,
                                     Class<?> choice) {
        Matcher refused = NO_CONSTANT.matcher(reason(failure));
        String value = property == null ? null : String.valueOf(property.getValue());
        String which = refused.matches() && !refused.group(1).equals(value) ? ": " + refused.group(1) : "";
        return setting + which + " is not one of " + Arrays.stream(choice.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name()).collect(Collectors.joining(", "));
    }

    /** Spring's wording names the type in full ("Failed to convert to type java.lang.Integer"). */
    private static String invalid(InvalidConfigurationPropertyValueException failure) {
        String reason = failure.getReason() == null ? "" : failure.getReason();
        Matcher conversion = FAILED_CONVERSION.matcher(reason);
        return failure.getName() + "=" + failure.getValue()
                + (conversion.matches() ? " cannot be converted to " + conversion.group(1) : " is invalid: " + reason);
    }

    private static Optional<String> unreachable(Environment environment) {
        return mongoUri(environment).map(connection -> {
            Integer timeout = connection.getServerSelectionTimeout();
            return "no MongoDB answered at " + hosts(connection) + " (" + MONGO_URI + ") within "
                    + (timeout == null ? DEFAULT_SERVER_SELECTION_MILLIS : timeout)
                    + " ms (its serverSelectionTimeoutMS); start it, or point " + MONGO_URI + " at one that runs";
        });
    }

    /** Tester 51: a read timeout shorter than the store's answers failed the start with a stack trace. */
    private static Optional<String> tooSlow(Environment environment) {
        return mongoUri(environment).map(connection -> {
            String bound = connection.getSocketTimeout() != null
                    ? "its socketTimeoutMS=" + connection.getSocketTimeout()
                    : READ_TIMEOUT + "=" + environment.getProperty(READ_TIMEOUT, "10s");
            return "the MongoDB at " + hosts(connection) + " (" + MONGO_URI + ") did not answer a call within "
                    + bound + "; lengthen it, or check that the store answers";
        });
    }

    /** The user and where it authenticates, never the password; the server's own words for why. */
    private static Optional<String> notLoggedIn(MongoSecurityException refused, Environment environment) {
        MongoCredential credential = refused.getCredential();
        String why = refused.getCause() instanceof MongoCommandException command ? command.getErrorMessage()
                : reason(refused);
        return mongoUri(environment).map(connection -> "the MongoDB at " + hosts(connection) + " (" + MONGO_URI
                + ") refused the credentials of user " + credential.getUserName() + " (authSource "
                + credential.getSource() + "): " + why + "; fix the user, password or authSource in "
                + MONGO_URI);
    }

    /** Only a node on {@code aftermath.mongo.uri} has one; the embedded server asks for no credentials. */
    private static Optional<ConnectionString> mongoUri(Environment environment) {
        String uri = environment == null ? null : environment.getProperty(MONGO_URI);
        return uri == null || uri.isBlank() ? Optional.empty() : Optional.of(new ConnectionString(uri));
    }

    /** Hosts only: the URI may hold a password. */
    private static String hosts(ConnectionString connection) {
        return String.join(",", connection.getHosts());
    }

    /** The innermost cause says what was wrong with the value; Spring's wrappers say only where. */
    private static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getMessage();
    }
}
