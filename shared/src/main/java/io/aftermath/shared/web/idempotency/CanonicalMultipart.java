package io.aftermath.shared.web.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.springframework.http.ContentDisposition;

/**
 * A {@code multipart/form-data} body without its framing: a client draws a new boundary for every
 * request it builds, so a retry of the same upload never matched the first byte for byte. What is left
 * is what the handler reads: the parts in order, each by its name, filename, content type and content
 * bytes. Preamble, epilogue, padding and other part headers are left out. A body that does not parse
 * as multipart (RFC 2046, CRLF line ends) has no canonical form: it is compared as sent.
 */
final class CanonicalMultipart {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] BLANK_LINE = {'\r', '\n', '\r', '\n'};
    private static final byte[] CLOSE = {'-', '-'};
    /** Keeps the canonical form of a multipart body apart from any body sent as it is. */
    private static final byte[] MARK = "multipart/form-data\u0000".getBytes(StandardCharsets.UTF_8);

    private CanonicalMultipart() {
    }

    /** The canonical form, or null when {@code body} does not parse as multipart with this boundary. */
    static byte[] of(String boundary, byte[] body) {
        byte[] dashBoundary = ("--" + unquote(boundary)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] delimiter = concat(CRLF, dashBoundary);
        int position = startsWith(body, 0, dashBoundary) ? dashBoundary.length : end(body, delimiter, 0);
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(body.length);
        canonical.writeBytes(MARK);
        DataOutputStream out = new DataOutputStream(canonical);
        while (position >= 0 && !startsWith(body, position, CLOSE)) {
            position = part(out, body, position, delimiter);
        }
        return position < 0 ? null : canonical.toByteArray();
    }

    /** Writes the part whose delimiter ends at {@code from}; answers where the next delimiter ends, or -1. */
    private static int part(DataOutputStream out, byte[] body, int from, byte[] delimiter) {
        int lineEnd = indexOf(body, CRLF, from);
        // At lineEnd itself when the part has no headers.
        int headersEnd = lineEnd < 0 ? -1 : indexOf(body, BLANK_LINE, lineEnd);
        int contentStart = headersEnd + BLANK_LINE.length;
        int contentEnd = headersEnd < 0 ? -1 : indexOf(body, delimiter, contentStart);
        if (contentEnd < 0) {
            return -1;
        }
        String headers = new String(body, lineEnd + CRLF.length, Math.max(0, headersEnd - lineEnd - CRLF.length),
                StandardCharsets.UTF_8);
        boolean read = writePart(out, headers, Arrays.copyOfRange(body, contentStart, contentEnd));
        return read ? contentEnd + delimiter.length : -1;
    }

    /** False when the part's headers cannot be read. */
    private static boolean writePart(DataOutputStream out, String headers, byte[] content) {
        String disposition = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-disposition")) {
                disposition = line.substring(colon + 1).strip();
            } else if (name.equals("content-type")) {
                type = line.substring(colon + 1).strip();
            }
        }
        if (disposition == null) {
            return false;
        }
        try {
            ContentDisposition parsed = ContentDisposition.parse(disposition);
            write(out, parsed.getName());
            write(out, parsed.getFilename());
            write(out, type);
            out.writeInt(content.length);
            out.write(content);
            return true;
        } catch (IllegalArgumentException unreadable) {
            return false;
        } catch (IOException impossible) {
            throw new UncheckedIOException("A byte array output does not fail", impossible);
        }
    }

    /** Length-prefixed, so that no two sequences of parts write the same bytes; -1 for absent. */
    private static void write(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String unquote(String boundary) {
        return boundary.length() > 1 && boundary.startsWith("\"") && boundary.endsWith("\"")
                ? boundary.substring(1, boundary.length() - 1) : boundary;
    }

    /** Where the first {@code pattern} at or after {@code from} ends, or -1. */
    private static int end(byte[] body, byte[] pattern, int from) {
        int at = indexOf(body, pattern, from);
        return at < 0 ? -1 : at + pattern.length;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        for (int i = from; i <= body.length - pattern.length; i++) {
            if (startsWith(body, i, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] body, int at, byte[] pattern) {
        return at + pattern.length <= body.length
                && Arrays.equals(body, at, at + pattern.length, pattern, 0, pattern.length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
