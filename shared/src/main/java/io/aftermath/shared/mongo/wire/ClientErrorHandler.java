package io.aftermath.shared.mongo.wire;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Closes a client's connection on any error, as mongo-java-server's own handler does, but logs a client
 * that went away (a query node killed, a tool closed: the socket reset) as the routine event it is, on one
 * line at INFO, where that handler logged an ERROR with a stack trace that alerting on ERROR lines pages on.
 * Anything else, a message the server could not read, stays an ERROR with its stack trace.
 */
final class ClientErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientErrorHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException gone) {
            LOG.info("Client {} at {} went away: {}", context.channel().id(), context.channel().remoteAddress(),
                    gone.getMessage());
        } else {
            LOG.error("Closing the connection of client {} at {}", context.channel().id(),
                    context.channel().remoteAddress(), cause);
        }
        context.channel().close();
    }
}
