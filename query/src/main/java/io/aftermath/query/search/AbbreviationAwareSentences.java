package io.aftermath.query.search;

import java.text.BreakIterator;
import java.text.CharacterIterator;
import java.util.Locale;
import java.util.Set;

/**
 * Sentences as Java's rules find them, except that none ends at a common abbreviation: those rules end
 * one at every period followed by a capital, so "a cache, e.g. Redis, for sessions" was two snippets'
 * worth of sentence, "e.g." alone one of them (tester 31). Only merges what the rules split, so a snippet
 * may run past a real sentence's end after such a word, never stop inside one.
 */
final class AbbreviationAwareSentences extends BreakIterator {

    private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "eg.", "i.e.", "ie.", "vs.", "cf.", "approx.",
            "incl.", "dr.", "mr.", "mrs.", "ms.", "st.", "inc.", "ltd.", "corp.", "u.s.", "u.k.", "e.u.");
    private static final String OPENING = "(\"'[“‘";

    private final BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    private String text = "";
    private int begin;

    @Override
    public void setText(String newText) {
        text = newText;
        begin = 0;
        sentences.setText(newText);
    }

    @Override
    public void setText(CharacterIterator newText) {
        StringBuilder read = new StringBuilder(newText.getEndIndex() - newText.getBeginIndex());
        for (char c = newText.first(); c != CharacterIterator.DONE; c = newText.next()) {
            read.append(c);
        }
        text = read.toString();
        begin = newText.getBeginIndex();
        newText.first();
        sentences.setText(newText);
    }

    @Override
    public CharacterIterator getText() {
        return sentences.getText();
    }

    @Override
    public int first() {
        return sentences.first();
    }

    @Override
    public int last() {
        return sentences.last();
    }

    @Override
    public int current() {
        return sentences.current();
    }

    @Override
    public int next() {
        return onward(sentences.next());
    }

    @Override
    public int previous() {
        return backward(sentences.previous());
    }

    @Override
    public int following(int offset) {
        return onward(sentences.following(offset));
    }

    @Override
    public int preceding(int offset) {
        return backward(sentences.preceding(offset));
    }

    @Override
    public int next(int n) {
        int boundary = current();
        for (int i = 0; i < Math.abs(n) && boundary != DONE; i++) {
            boundary = n > 0 ? next() : previous();
        }
        return boundary;
    }

    private int onward(int boundary) {
        while (boundary != DONE && afterAbbreviation(boundary)) {
            boundary = sentences.next();
        }
        return boundary;
    }

    private int backward(int boundary) {
        while (boundary != DONE && afterAbbreviation(boundary)) {
            boundary = sentences.previous();
        }
        return boundary;
    }

    /** Whether the last word before {@code boundary} is an abbreviation; the text's own ends never are. */
    private boolean afterAbbreviation(int boundary) {
        int end = boundary - begin;
        if (end <= 0 || end >= text.length()) {
            return false;
        }
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        while (start < end && OPENING.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        return ABBREVIATIONS.contains(text.substring(start, end).toLowerCase(Locale.ROOT));
    }
}
