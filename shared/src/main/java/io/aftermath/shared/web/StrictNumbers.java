package io.aftermath.shared.web;

import java.beans.PropertyEditor;
import java.beans.PropertyEditorSupport;
import java.util.function.Function;

import org.springframework.beans.PropertyEditorRegistry;

/**
 * Whole numbers in query parameters, path variables and headers as a client writes them in decimal: ASCII digits,
 * after a '-' where one is allowed (so a negative number meets its parameter's own rule). Spring's own binding also
 * decodes {@code 0x10} and {@code #10} as hexadecimal, takes a '+' and, trimmed, the space an unencoded '+' arrives
 * as, and other scripts' digits, so {@code limit=0x10} was 16; here it is refused as {@code abc} is.
 */
public final class StrictNumbers {

    private StrictNumbers() {
    }

    /**
     * Binds {@link Long} and {@link Integer} (and their primitives) through this class. An editor, not a converter:
     * where a converter fails, Spring's binder tries its default number editor, which decodes hexadecimal again.
     * An empty text stays absent, as with Spring's own, and so does one of spaces and tabs alone, as every query
     * parameter holding nothing else is (tester 77: {@code limit=%20} was 400, {@code after=%20} absent).
     */
    public static void register(PropertyEditorRegistry binder) {
        PropertyEditor longs = editor(text -> parseLong(text, true));
        PropertyEditor ints = editor(text -> Integer.parseInt(digits(text, true)));
        binder.registerCustomEditor(Long.class, longs);
        binder.registerCustomEditor(long.class, longs);
        binder.registerCustomEditor(Integer.class, ints);
        binder.registerCustomEditor(int.class, ints);
    }

    /** @throws NumberFormatException for anything but digits (and a leading '-' if {@code signed}), or past a long */
    public static long parseLong(String text, boolean signed) {
        return Long.parseLong(digits(text, signed));
    }

    private static PropertyEditor editor(Function<String, Number> parse) {
        return new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(QueryValue.isAbsent(text) ? null : parse.apply(text));
            }
        };
    }

    private static String digits(String text, boolean signed) {
        int first = signed && text.startsWith("-") ? 1 : 0;
        if (text.length() == first) {
            throw new NumberFormatException("no digits");
        }
        for (int at = first; at < text.length(); at++) {
            if (text.charAt(at) < '0' || text.charAt(at) > '9') {
                throw new NumberFormatException("not a decimal digit at " + at);
            }
        }
        return text;
    }
}
