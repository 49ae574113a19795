package io.aftermath.command.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;

import io.aftermath.shared.error.InvalidParameter;

/**
 * {@code If-Match} on a write (RFC 9110 §13.1.1): {@code *}, or strong entity tags, each an aggregate
 * version in quotes ({@code "7"}), the {@code ETag} a read or an earlier write answered. Writes compare
 * strongly, so a weak tag ({@code W/"7"}) is refused, as is anything that is no version this server
 * hands out: 400 {@code VALIDATION_FAILED} naming the header rather than a 412 that no read can cure.
 */
public final class IfMatch {

    public static final String HEADER = HttpHeaders.IF_MATCH;
    private static final Pattern TAG = Pattern.compile("\\s*\"(0|[1-9][0-9]{0,17})\"\\s*");

    private IfMatch() {
    }

    /** The versions the client read; empty for no header or {@code *} (the target need only exist). */
    public static List<Long> versions(String header) {
        if (header == null || header.trim().equals("*")) {
            return List.of();
        }
        List<Long> versions = new ArrayList<>();
        for (String tag : header.split(",", -1)) {
            Matcher matcher = TAG.matcher(tag);
            if (!matcher.matches()) {
                throw new InvalidParameter(HEADER, "must be * or strong entity tags such as \"7\" (the ETag a read "
                        + "answered; a weak W/ tag cannot be compared for a write), got " + abbreviate(header));
            }
            versions.add(Long.parseLong(matcher.group(1)));
        }
        return List.copyOf(versions);
    }

    private static String abbreviate(String header) {
        String shown = header.chars().anyMatch(Character::isISOControl) ? "an unreadable value" : header;
        return shown.length() <= 40 ? shown : shown.substring(0, 40) + "…";
    }
}
