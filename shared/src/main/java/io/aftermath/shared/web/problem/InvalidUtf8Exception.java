package io.aftermath.shared.web.problem;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * A body that is not well-formed UTF-8: 400 {@code MALFORMED_REQUEST}, with this message as detail. Where is said
 * as Jackson says it for what it notices itself (line, and column counted in bytes), and by the byte, counted from
 * 0 as the post-mortem import counts it, since an overlong form is invisible in an editor's columns.
 */
public class InvalidUtf8Exception extends DecodingException {

    public InvalidUtf8Exception(DataBuffer body, int offset) {
        super("The body is not valid UTF-8 at " + where(body, offset) + " (byte " + offset + ")");
    }

    /** Lines end at LF, CR or CRLF, as Jackson counts them. */
    private static String where(DataBuffer body, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int at = 0; at < offset; at++) {
            byte current = body.getByte(body.readPosition() + at);
            boolean crBeforeLf = current == '\r' && at + 1 < offset && body.getByte(body.readPosition() + at + 1) == '\n';
            if (current == '\n' || current == '\r' && !crBeforeLf) {
                line++;
                lineStart = at + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }
}
