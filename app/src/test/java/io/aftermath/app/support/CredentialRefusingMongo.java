package io.aftermath.app.support;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.aftermath.shared.mongo.wire.WireServer;
import io.netty.channel.Channel;

/**
 * A MongoDB on 127.0.0.1 that refuses every login as a real one refuses a wrong password (error 18,
 * {@code AuthenticationFailed}). mongo-java-server knows no users, so this answers the driver's
 * {@code saslStart} itself.
 */
public final class CredentialRefusingMongo implements AutoCloseable {

    private final WireServer server = WireServer.bind(new Refusing(), "127.0.0.1", 0);

    public String hostAndPort() {
        return "127.0.0.1:" + server.address().getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    private static final class Refusing extends MemoryBackend {

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (command.equalsIgnoreCase("saslStart") || command.equalsIgnoreCase("authenticate")) {
                throw new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
            }
            return super.handleCommand(channel, database, command, query);
        }
    }
}
