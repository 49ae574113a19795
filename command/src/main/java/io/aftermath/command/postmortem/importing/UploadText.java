package io.aftermath.command.postmortem.importing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The bytes of an upload read as text, in the charset its content type names, else in UTF-8, and
 * strictly: a decoder that replaced what it cannot read would make a Latin-1 "Zürich" a "Z�rich"
 * without a word, and as a title that is a post-mortem's identity, so the same file sent again with
 * its charset would be a second post-mortem. Bytes that cannot be read are kept as U+FFFD here only
 * so that the rest can still be read (another NDJSON line); the entries that hold one are refused,
 * naming the first such byte.
 */
final class UploadText {

    private final String text;
    private final Charset charset;
    /** Where in the text each unreadable byte sequence stands, and its offset in the upload. */
    private final NavigableMap<Integer, Integer> unreadable;

    private UploadText(String text, Charset charset, NavigableMap<Integer, Integer> unreadable) {
        this.text = text;
        this.charset = charset;
        this.unreadable = unreadable;
    }

    /** {@code charset} is the one the content type names, or null. */
    static UploadText decode(byte[] bytes, Charset charset) {
        Charset read = charset == null ? StandardCharsets.UTF_8 : charset;
        CharsetDecoder decoder = read.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // An unreadable sequence is at least one byte and becomes one character, so this always fits.
        double charsPerByte = Math.max(1, decoder.maxCharsPerByte());
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * charsPerByte));
        NavigableMap<Integer, Integer> unreadable = new TreeMap<>();
        CoderResult result = decoder.decode(in, out, true);
        while (result.isError()) {
            unreadable.put(out.position(), in.position());
            out.put('\uFFFD');
            in.position(in.position() + result.length());
            result = decoder.decode(in, out, true);
        }
        decoder.flush(out);
        return new UploadText(out.flip().toString(), read, unreadable);
    }

    String text() {
        return text;
    }

    /**
     * Why the characters {@code from} (inclusive) to {@code to} (exclusive) cannot be read, or null. The byte is
     * counted from the one {@code from} starts at (0 for the first), so an NDJSON line's is found within that line.
     * The characters before the first unreadable one were read, so encoding them again gives their length.
     */
    String problem(int from, int to) {
        Map.Entry<Integer, Integer> first = unreadable.ceilingEntry(from);
        if (first == null || first.getKey() >= to) {
            return null;
        }
        int offset = from == 0 ? first.getValue()
                : charset.encode(CharBuffer.wrap(text, from, first.getKey())).remaining();
        return "Not valid " + charset.name() + " at byte " + offset + ": send the encoding the document"
                + " is written in as the charset of its content type, such as charset=ISO-8859-1";
    }
}
