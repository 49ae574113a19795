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

    /** With {@code observeOutput}, bytes the socket takes from a write under way count as writing. */
    private static final class StalledWrites extends IdleStateHandler {

        private final Duration timeout;

        StalledWrites(Duration timeout) {
            super(true, 0, timeout.toNanos(), 0, TimeUnit.NANOSECONDS);
            this.timeout = timeout;
        }

        @Override
        protected void channelIdle(ChannelHandlerContext context, IdleStateEvent event) {
            ChannelOutboundBuffer waiting = context.channel().unsafe().outboundBuffer();
            long bytes = waiting == null ? 0 : waiting.totalPendingWriteBytes();
            if (event.state() == IdleState.WRITER_IDLE && bytes > 0 && !kernelStillSending(context.channel())) {
                LOG.info("Closed the connection of {}: its client took none of the {} bytes waiting for it in {}",
                        context.channel().remoteAddress(), bytes, SettingRange.print(timeout));
                context.close();
            }
        }

        private boolean kernelStillSending(Channel channel) {
            return channel instanceof EpollSocketChannel epoll && epoll.isActive()
                    && epoll.tcpInfo().lastDataSent() < timeout.toMillis();
        }
    }
}
