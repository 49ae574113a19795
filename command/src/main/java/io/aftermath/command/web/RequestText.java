package io.aftermath.command.web;

import io.aftermath.shared.text.PlainText;

/**
 * What a request's text means once read. A name (an assignee, an owner, a component) is matched as
 * written by the read side's filters, so the spaces around it, which nobody means, are dropped: " bob "
 * would otherwise be missed by {@code ?assignee=bob}. Optional text that shows nothing is absent, as
 * it is in imports: a release's notes of three spaces are no notes.
 */
public final class RequestText {

    private RequestText() {
    }

    /** Stripped of the blanks around it ({@link PlainText#strip}); null stays null, and blank stays blank for validation to refuse. */
    public static String name(String value) {
        return value == null || PlainText.isBlank(value) ? value : PlainText.strip(value);
    }

    /** A name that may be left out: absent (null) when it shows nothing. */
    public static String optionalName(String value) {
        return PlainText.isBlank(value) ? null : PlainText.strip(value);
    }

    /** Text that may be left out: absent (null) when it shows nothing, else as written. */
    public static String optionalText(String value) {
        return PlainText.isBlank(value) ? null : value;
    }
}
