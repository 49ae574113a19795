package io.aftermath.shared.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the log before {@code position} held, as one digest. The hash chains prove that the stored
 * documents agree with each other, not that nobody rewrote them: whoever can write to the store can
 * recompute every hash after a change (they are unkeyed SHA-256 over documented content), or remove
 * the last commits. A checkpoint kept outside the store (a ticket, a signed mail, a print-out) is what
 * such a rewrite cannot match. The digest folds every event's hash in position order: starting from
 * 64 zeros, {@code digest = hex(SHA-256(utf8(digest + hash)))} for each event, so anyone can
 * recompute it from an export with any SHA-256 tool. Voids hold no event and add nothing.
 */
public record Checkpoint(long position, String digest) {

    private static final HexFormat HEX = HexFormat.of();

    /** Folds event hashes, in position order, into the digest of the log before the last one's position + 1. */
    static final class Digest {

        private final MessageDigest sha256;
        private String digest = EventHasher.GENESIS;

        Digest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
        }

        void add(String eventHash) {
            sha256.reset();
            digest = HEX.formatHex(sha256.digest((digest + eventHash).getBytes(StandardCharsets.UTF_8)));
        }

        Checkpoint at(long position) {
            return new Checkpoint(position, digest);
        }
    }
}
