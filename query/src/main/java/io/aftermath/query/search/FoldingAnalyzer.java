package io.aftermath.query.search;

import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * Lucene's English analysis (stemmed) or its standard one (the unstemmed siblings), with accents folded
 * after lower-casing: post-mortems write "café", "Zürich" and "naïve" where people search for "cafe",
 * "zurich" and "naive", and the other way round. {@link #normalize} folds too, so prefixes and fuzzy
 * terms, which the parser does not analyze, meet the indexed words. A name's elided article goes too
 * ({@link #ELIDED}): the tokenizer keeps "O'Reilly" whole, which {@code q=Reilly} did not find.
 */
final class FoldingAnalyzer extends Analyzer {

    /**
     * Before an apostrophe (' or ’), left out of the word: the O', D' and L' of names (O'Reilly, D'Souza, L'Oréal).
     * Single letters alone, so "don't" and "GitHub's" keep their first part whole.
     */
    private static final CharArraySet ELIDED = new CharArraySet(List.of("o", "d", "l"), true);

    private final boolean stemmed;

    private FoldingAnalyzer(boolean stemmed) {
        this.stemmed = stemmed;
    }

    static Analyzer stemmed() {
        return new FoldingAnalyzer(true);
    }

    static Analyzer unstemmed() {
        return new FoldingAnalyzer(false);
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream words = new ElisionFilter(source, ELIDED);
        words = stemmed ? new EnglishPossessiveFilter(words) : words;
        words = new ASCIIFoldingFilter(new LowerCaseFilter(words));
        if (stemmed) {
            words = new PorterStemFilter(new StopFilter(words, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET));
        }
        return new TokenStreamComponents(source, words);
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(new ElisionFilter(in, ELIDED)));
    }
}
