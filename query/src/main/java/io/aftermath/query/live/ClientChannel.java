package io.aftermath.query.live;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.server.reactive.ServerHttpResponse;

import io.aftermath.shared.web.ExchangeConnections;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import reactor.netty.Connection;

/**
 * Whether a stream's client is reading what it is sent. The server asks a stream for more as soon as
 * an event is handed to the connection, not when the client has read it (reactor-netty writes whatever
 * it is given, reactor/reactor-netty#881), so a client that stops reading would have every update
 * buffered for it on the node. A subscriber therefore hands an event on only while the connection can
 * take more, and counts the rest as updates the client is behind.
 */
public interface ClientChannel {

    /** A client whose connection is not seen (a test's in-memory exchange): always taken as keeping up. */
    ClientChannel UNOBSERVED = new ClientChannel() {
        @Override
        public boolean keepsUp() {
            return true;
        }

        @Override
        public void onCaughtUp(Runnable resume) {
        }

        @Override
        public void drop() {
        }
    };

    /** False while the connection holds more unsent bytes than its high water mark. */
    boolean keepsUp();

    /** Runs {@code resume} each time the connection can take more again. */
    void onCaughtUp(Runnable resume);

    /** Closes the connection, discarding what it still holds: for a client too far behind to be told so. */
    void drop();

    static ClientChannel of(ServerHttpResponse response) {
        Connection connection = ExchangeConnections.of(response);
        return connection == null ? UNOBSERVED : new NettyClientChannel(connection);
    }

    final class NettyClientChannel implements ClientChannel {

        private static final String HANDLER = "aftermath.stream.writability.";
        /** A name per stream: the one before it on a kept-alive connection may not be removed yet. */
        private static final AtomicLong STREAMS = new AtomicLong();

        private final Connection connection;

        NettyClientChannel(Connection connection) {
            this.connection = connection;
        }

        @Override
        public boolean keepsUp() {
            return connection.channel().isWritable();
        }

        @Override
        public void onCaughtUp(Runnable resume) {
            // Removed by reactor-netty when the response ends.
            connection.addHandlerLast(HANDLER + STREAMS.incrementAndGet(), new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext context) {
                    if (context.channel().isWritable()) {
                        resume.run();
                    }
                    context.fireChannelWritabilityChanged();
                }
            });
        }

        @Override
        public void drop() {
            connection.channel().close();
        }
    }
}
