package io.aftermath.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

import org.springframework.boot.web.server.PortInUseException;

import io.aftermath.shared.node.StartRefusedException;

import reactor.netty.ChannelBindException;

/**
 * Why the HTTP server could not listen. Reactor Netty drops the reason a bind failed, and Spring Boot
 * then calls every such failure a port in use, also a port the node may not bind (below 1024 without
 * root): binding the address again here tells which.
 */
final class UnboundHttpPort {

    private static final String WILDCARD = "0.0.0.0";

    private UnboundHttpPort() {
    }

    static String explain(PortInUseException failure) {
        int port = failure.getPort();
        String host = RefusedSettings.cause(failure, ChannelBindException.class).map(ChannelBindException::localHost)
                .orElse(WILDCARD);
        return explain(host, port, whyNotBound(host, port));
    }

    /**
     * Refuses, before the store is opened, an address the server could not listen on now: found as the server
     * starts, a port in use was reported about 25 s in (tester 154). One taken in between is still found then.
     */
    static void refuseUnbindable(String address, int port) {
        String host = address == null ? WILDCARD : address;
        Optional<String> why = whyNotBound(host, port);
        if (why.isPresent()) {
            throw new StartRefusedException(explain(host, port, why));
        }
    }

    private static String explain(String host, int port, Optional<String> why) {
        if (why.isEmpty() || why.get().contains("Address already in use")) {
            return "server.port=" + port + ": the port is already in use; stop what listens there or choose "
                    + "another server.port";
        }
        if (why.get().contains("Permission denied")) {
            return "server.port=" + port + ": not permitted to listen on port " + port + " (" + why.get()
                    + "); choose a port from 1024 up, or give the process CAP_NET_BIND_SERVICE";
        }
        return "server.port=" + port + ": cannot listen on " + host + ":" + port + " (" + why.get() + "); check "
                + "server.address and server.port";
    }

    /** Empty when the address can be bound now: whatever held it has let go since, so it was in use. */
    private static Optional<String> whyNotBound(String host, int port) {
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } catch (UnresolvedAddressException e) {
            return Optional.of("no address known by that name");
        }
    }
}
