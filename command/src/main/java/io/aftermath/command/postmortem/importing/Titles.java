package io.aftermath.command.postmortem.importing;

import java.util.Locale;

/** Titles the import derives when an entry gives none. */
final class Titles {

    /** Fewer words than this make no title: "Quill: Slow" says less than "Quill Feed incident". */
    private static final int MIN_WORDS = 3;

    private Titles() {
    }

    /** "Company: the text's first sentence", without the final period. */
    static String ofFirstSentence(String company, String plainText) {
        String sentence = Sentences.first(plainText.strip());
        return company + ": " + (sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence);
    }

    /** As {@link #ofFirstSentence}, or null when that sentence has too few words to name anything. */
    static String ofSummary(String company, String plainText) {
        String sentence = Sentences.first(plainText.strip());
        return sentence.split("\\s+").length < MIN_WORDS ? null : ofFirstSentence(company, plainText);
    }

    /** "Company Product incident", without naming the company twice when the product already does. */
    static String ofNames(String company, String product) {
        if (product == null || contains(company, product)) {
            return company + " incident";
        }
        return (contains(product, company) ? product : company + " " + product) + " incident";
    }

    /** At the last word that fits, unless that would lose more than half the limit. */
    static String shorten(String title) {
        if (title.length() <= ImportLimits.TITLE) {
            return title;
        }
        String cut = title.substring(0, ImportLimits.TITLE - 1);
        int space = cut.lastIndexOf(' ');
        return (space > ImportLimits.TITLE / 2 ? cut.substring(0, space) : cut).stripTrailing() + "…";
    }

    private static boolean contains(String name, String part) {
        return name.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
