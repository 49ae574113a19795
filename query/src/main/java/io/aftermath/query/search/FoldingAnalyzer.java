package io.aftermath.query.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Lucene's English analysis (stemmed) or its standard one (the unstemmed siblings), with accents folded
 * after lower-casing: post-mortems write "café", "Zürich" and "naïve" where people search for "cafe",
 * "zurich" and "naive", and the other way round. {@link #normalize} folds too, so prefixes and fuzzy
 * terms, which the parser does not analyze, meet the indexed words.
 */
final class FoldingAnalyzer extends Analyzer {

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
        TokenStream words = stemmed ? new EnglishPossessiveFilter(source) : source;
        words = new ASCIIFoldingFilter(new LowerCaseFilter(words));
        if (stemmed) {
            words = new PorterStemFilter(new StopFilter(words, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET));
        }
        return new TokenStreamComponents(source, words);
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
}
