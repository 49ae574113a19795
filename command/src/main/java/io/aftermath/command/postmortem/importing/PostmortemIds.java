package io.aftermath.command.postmortem.importing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of an imported post-mortem, derived from its identity so that importing it again addresses
 * the same stream (which the event store refuses to create twice): {@code pm-} and the first 20 hex
 * digits (80 bits) of a SHA-256 over the source and the document's own id ({@code uuid}), or, when it
 * has none, over the source, the title, the company and the start time. Whitespace around values
 * and the spelling of the date do not matter; everything else does.
 */
public final class PostmortemIds {

    private static final int HEX_DIGITS = 20;

    private PostmortemIds() {
    }

    public static String of(String source, PostmortemDraft draft) {
        String identity = draft.sourceId() != null
                ? String.join("\u0000", "uuid", source, draft.sourceId())
                : String.join("\u0000", "content", source, draft.title(), orEmpty(draft.company()),
                draft.startTime() == null ? "" : draft.startTime().toString());
        return "pm-" + sha256(identity).substring(0, HEX_DIGITS);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
