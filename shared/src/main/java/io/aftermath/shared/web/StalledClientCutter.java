package io.aftermath.shared.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;

import io.aftermath.shared.node.SettingRange;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import reactor.netty.http.server.HttpServer;

/**
 * Closes a connection whose client has taken none of the answer waiting for it for {@code timeout}, as
 * nginx's {@code send_timeout} does. An answer is held until its client has taken the last of it: four
 * clients that stopped reading their exports held every heavy-request place of a node, and about 19 MB
 * of heap each, for as long as they stayed connected (tester 55). Only a connection with bytes waiting
 * to go out can stall: one whose request is still being worked on, or an event stream between two
 * events, has nothing waiting. A client that reads slowly keeps its connection: the node sees progress
 * when the kernel takes more of the answer, and, on Linux's native transport, also when the kernel last
 * sent the client data, since with megabytes queued in the kernel's send buffer it takes more only long
 * after the client has read some (tester 57: clients reading 20-80 KB/s were cut).
 */
public class StalledClientCutter implements NettyServerCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(StalledClientCutter.class);
    private static final String HANDLER = "aftermath.stalledClientCutter";

    private final Duration timeout;

    /** {@code timeout}: zero never closes a connection so. */
    public StalledClientCutter(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        if (timeout.isZero()) {
            return server;
        }
        return server.doOnChannelInit((observer, channel, remote) ->
                channel.pipeline().addFirst(HANDLER, new StalledWrites(timeout)));
    }

    /**
     * With {@code observeOutput}, bytes the socket takes from a write under way count as writing. Looks four
     * times per {@code timeout}, so a stalled client is cut within 1.25 times it: once per timeout, a look
     * just missing it had waited a whole timeout more (tester 58: cut after 1-2 times the setting).
     */
    private static final class StalledWrites extends IdleStateHandler {

        private final Duration timeout;
        private final long lookEvery;
        private long idleSince;

        StalledWrites(Duration timeout) {
            this(timeout, Math.max(1, timeout.toNanos() / 4));
        }

        private StalledWrites(Duration timeout, long lookEvery) {
            super(true, 0, lookEvery, 0, TimeUnit.NANOSECONDS);
            this.timeout = timeout;
            this.lookEvery = lookEvery;
        }

        @Override
        protected void channelIdle(ChannelHandlerContext context, IdleStateEvent event) {
            if (event.state() != IdleState.WRITER_IDLE) {
                return;
            }
            long now = System.nanoTime();
            if (event.isFirst()) {
                idleSince = now - lookEvery;
            }
            ChannelOutboundBuffer waiting = context.channel().unsafe().outboundBuffer();
            long bytes = waiting == null ? 0 : waiting.totalPendingWriteBytes();
            if (bytes > 0 && stalledFor(context.channel(), now).compareTo(timeout) >= 0) {
                LOG.info("Closed the connection of {}: its client took none of the {} bytes waiting for it in {}",
                        context.channel().remoteAddress(), bytes, SettingRange.print(timeout));
                context.close();
            }
        }

        /** The kernel's own clock where it has one: it goes on sending what it holds after the node's last write. */
        private Duration stalledFor(Channel channel, long now) {
            if (channel instanceof EpollSocketChannel epoll && epoll.isActive()) {
                return Duration.ofMillis(epoll.tcpInfo().lastDataSent());
            }
            return Duration.ofNanos(now - idleSince);
        }
    }
}
