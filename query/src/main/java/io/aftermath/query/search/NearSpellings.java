package io.aftermath.query.search;

import java.io.IOException;
import java.util.Objects;

import org.apache.lucene.index.FilteredTermsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BoostAttribute;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * The words of one field within {@code edits} of a word, chosen and scored as {@link FuzzyQuery} chooses and
 * scores them. FuzzyQuery builds its automata, one for each distance up to its own, again for every field it
 * is asked about, and building them was nearly all of a fuzzy term's cost: on the real post-mortems 100
 * words at {@code ~2} took 0.6 s to rewrite over the seven fields. Here a word's {@link Automata} are built
 * once and every field's query shares them: 0.13 s, parsing included.
 */
final class NearSpellings extends MultiTermQuery {

    /**
     * The closest words kept in each field, where FuzzyQuery keeps 50: each is looked up again for every
     * snippet. Ten one-letter words at {@code ~2} (which near every word of up to three letters) took 117 ms
     * with 20 and 71 ms with 10, on the real post-mortems; a misspelt word of four letters or more is seldom
     * one edit from more than a few words of a field, and those are kept first.
     */
    static final int EXPANSIONS = 10;

    private final Automata automata;

    NearSpellings(String field, Automata automata) {
        super(field, FuzzyQuery.defaultRewriteMethod(EXPANSIONS));
        this.automata = automata;
    }

    /** A word's automata: {@code within[d]} accepts the words within d edits of it, a transposition one edit. */
    static final class Automata {

        private final String word;
        private final int edits;
        private final CompiledAutomaton[] within;

        Automata(String word, int edits) {
            this.word = word;
            this.edits = edits;
            within = new CompiledAutomaton[edits + 1];
            for (int distance = 1; distance <= edits; distance++) {
                within[distance] = FuzzyQuery.getFuzzyAutomaton(word, distance, 0, true);
            }
        }

        /** FuzzyTermsEnum's boost: 1 for the word itself, less for each edit in proportion to the shorter. */
        private float similarity(BytesRef term) {
            int distance = edits;
            while (distance > 1 && within[distance - 1].runAutomaton.run(term.bytes, term.offset, term.length)) {
                distance--;
            }
            if (distance == 1 && term.utf8ToString().equals(word)) {
                return 1f;
            }
            int shorter = Math.min(UnicodeUtil.codePointCount(term), word.codePointCount(0, word.length()));
            return 1f - (float) distance / shorter;
        }
    }

    @Override
    protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
        return new FilteredTermsEnum(automata.within[automata.edits].getTermsEnum(terms), false) {
            private final BoostAttribute boost = attributes().addAttribute(BoostAttribute.class);

            @Override
            protected AcceptStatus accept(BytesRef term) {
                boost.setBoost(automata.similarity(term));
                return AcceptStatus.YES;
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) {
            automata.within[automata.edits].visit(visitor, this, field);
        }
    }

    @Override
    public String toString(String defaultField) {
        return (field.equals(defaultField) ? "" : field + ":") + automata.word + "~" + automata.edits;
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && field.equals(((NearSpellings) other).field)
                && automata.word.equals(((NearSpellings) other).automata.word)
                && automata.edits == ((NearSpellings) other).automata.edits;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, automata.word, automata.edits);
    }
}
