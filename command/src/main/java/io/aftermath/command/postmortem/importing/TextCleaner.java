package io.aftermath.command.postmortem.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.aftermath.shared.text.PlainText;

/**
 * Makes the text of one entry {@link PlainText}: control characters other than tab and line breaks
 * are removed, and half of a surrogate pair becomes U+FFFD, which the ledger would store in its place
 * anyway. A JSON request holding either is refused; an imported document comes from the wild, where a
 * stray NUL says nothing about the incident, so it is cleaned, and the entry's warning counts what went.
 * One per entry, for every format, through {@link DraftAssembler}.
 */
final class TextCleaner {


    private int controls;
    private int surrogates;

    /** Null stays null. */
    String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (PlainText.isControl(codePoint)) {
                controls++;
            } else if (PlainText.isUnpairedSurrogate(codePoint)) {
                surrogates++;
                clean.append(PlainText.REPLACEMENT);
            } else {
                clean.appendCodePoint(codePoint);
            }
        });
        return clean.toString();
    }

    /**
     * {@code fields} with every value cleaned, then trimmed again: a value that shows nothing
     * ({@link PlainText#isBlank}) is absent.
     */
    Fields fields(Fields fields) {
        return new Cleaned(fields);
    }

    Optional<String> warning() {
        List<String> done = new ArrayList<>();
        if (controls > 0) {
            done.add("removed " + count(controls, "control character"));
        }
        if (surrogates > 0) {
            done.add("replaced " + count(surrogates, "unpaired surrogate") + " with U+FFFD");
        }
        return done.isEmpty() ? Optional.empty() : Optional.of("The text was cleaned: " + String.join(", ", done));
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private final class Cleaned implements Fields {

        private final Fields fields;

        Cleaned(Fields fields) {
            this.fields = fields;
        }

        @Override
        public String text(String... names) {
            String text = clean(fields.text(names));
            return PlainText.isBlank(text) ? null : text.strip();
        }

        @Override
        public List<String> list(String... names) {
            return fields.list(names).stream().map(TextCleaner.this::clean).filter(item -> !PlainText.isBlank(item))
                    .map(String::strip).toList();
        }

        @Override
        public List<String> problems() {
            return fields.problems();
        }
    }
}
