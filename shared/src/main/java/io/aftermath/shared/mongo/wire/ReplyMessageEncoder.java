package io.aftermath.shared.mongo.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.OpCode;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * {@link MongoWireMessageEncoder}'s OP_MSG replies, with their body encoded by {@link DocumentBsonEncoder}.
 * Each reply's buffer starts at the size of the connection's previous reply: a replay's replies run
 * to a megabyte, and a buffer grown from Netty's default 256 bytes was copied into a new one about a
 * dozen times per reply (6 % of the server's samples in a profiled replay).
 */
final class ReplyMessageEncoder extends MessageToByteEncoder<MongoMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyMessageEncoder.class);
    private static final int SMALLEST_REPLY = 256;

    /** One encoder per connection, called on its event loop only. */
    private int previousReplySize = SMALLEST_REPLY;

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, MongoMessage message, boolean preferDirect) {
        return preferDirect ? ctx.alloc().ioBuffer(previousReplySize) : ctx.alloc().heapBuffer(previousReplySize);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MongoMessage message, ByteBuf out) {
        out.writeIntLE(0);
        out.writeIntLE(message.getHeader().getRequestID());
        out.writeIntLE(message.getHeader().getResponseTo());
        out.writeIntLE(OpCode.OP_MSG.getId());
        out.writeIntLE(message.getFlags());
        out.writeByte(MongoMessage.SECTION_KIND_BODY);
        try {
            DocumentBsonEncoder.encodeDocument(message.getDocument(), out);
        } catch (RuntimeException e) {
            LOG.error("Failed to encode a reply; closing the connection", e);
            ctx.channel().close();
            throw e;
        }
        out.setIntLE(0, out.writerIndex());
        previousReplySize = Math.max(SMALLEST_REPLY, out.writerIndex());
    }
}
