package io.aftermath.shared.mongo.wire;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * mongo-java-server's network side as {@link MongoServer} sets it up, with two handlers swapped: OP_MSG
 * replies are encoded by {@link ReplyMessageEncoder}, and a client that went away is no error
 * ({@link ClientErrorHandler}). {@code MongoServer} builds its pipeline in a
 * method that keeps its event loops private, so the setup is repeated here rather than patched.
 */
public final class WireServer implements AutoCloseable {

    private static final int SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final MongoBackend backend;
    private final EventLoopGroup acceptors = new NioEventLoopGroup(0, new MongoThreadFactory("mongo-server-boss"));
    private final EventLoopGroup workers = new NioEventLoopGroup(0, new MongoThreadFactory("mongo-server-worker"));
    private final ChannelGroup clients = new DefaultChannelGroup("mongodb-channels", workers.next());
    private final Channel listener;

    private WireServer(MongoBackend backend, InetSocketAddress address) {
        this.backend = backend;
        try {
            listener = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 100)
                    .localAddress(address)
                    .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        public void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new MongoWireReplyEncoder())
                                    .addLast(new ReplyMessageEncoder())
                                    .addLast(new MongoWireProtocolHandler())
                                    .addLast(new MongoDatabaseHandler(backend, clients))
                                    .addLast(new ClientErrorHandler());
                        }
                    })
                    .bind().syncUninterruptibly().channel();
        } catch (Exception e) {
            shutDownEventLoops();
            // Netty rethrows the socket's checked exception (a port in use) undeclared.
            throw e instanceof RuntimeException unchecked ? unchecked
                    : new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Listens on the address (port 0: any free port); the backend is closed with the server. */
    public static WireServer bind(MongoBackend backend, String host, int port) {
        return new WireServer(backend, new InetSocketAddress(host, port));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops listening, closes every client connection, then the backend. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        shutDownEventLoops();
        backend.close();
    }

    private void shutDownEventLoops() {
        acceptors.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        acceptors.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
