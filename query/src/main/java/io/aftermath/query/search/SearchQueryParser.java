package io.aftermath.query.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.LevenshteinAutomata;

import io.aftermath.shared.error.InvalidParameter;

/**
 * What a person types, as a query over the weighted text fields: {@link SimpleQueryParser}'s syntax, words
 * joined by OR, except that {@code -word} excludes, and {@code word*} finds the words it begins as written,
 * {@code word~1} and {@code word~2} (or {@code word~}) the words as written within one or two edits of it, and
 * both what {@code word} finds; {@code word~3} and beyond are refused rather than searched as {@code ~2}.
 */
final class SearchQueryParser extends SimpleQueryParser {

    private static final Pattern ACROSS_WORDS = Pattern.compile("[\"()+|\\\\]");
    /** What makes a word more than a word to SimpleQueryParser: quotes, operators, parentheses, escapes, * and ~. */
    private static final Pattern NOT_PLAIN = Pattern.compile("[\"()+|\\\\*~]");
    /** SimpleQueryParser's whitespace: these four characters and no others. */
    private static final Pattern BETWEEN_WORDS = Pattern.compile("[ \t\r\n]+");
    /** What ends a term outside quotes for SimpleQueryParser: its whitespace, operators and parentheses. */
    private static final String TERM_END = " \t\r\n|+()";

    /** Prefixes and fuzzy terms a q may hold, and the characters of each: see {@link #counted}. */
    static final int MOST_EXPANDING = 10;
    static final int LONGEST_EXPANDING = 20;
    /**
     * How much more neighbouring words found together weigh, and how far apart they may stand (words between).
     * Twelve: BM25 scores a phrase in a long body about a tenth of one word in a short title, and on the public
     * post-mortems twice that left "rate limit" ranking a title saying "Limit" above all three that say it.
     */
    static final float TOGETHER = 12.0f;
    static final int TOGETHER_SLOP = 2;
    /** A pasted paragraph is searched by its words alone: hundreds of phrases would cost more than they rank. */
    static final int MOST_TOGETHER = 8;
    /** The most edits a fuzzy term may allow: {@code word~} alone allows as many. */
    static final int MOST_EDITS = LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE;

    /** Each distinct word's query, built once: see {@link #reused}. */
    private final Map<List<Object>, Query> branches = new HashMap<>();
    private int expanding;

    SearchQueryParser(Analyzer analyzer) {
        super(analyzer, SearchDocuments.WEIGHTS);
        setDefaultOperator(Occur.SHOULD);
    }

    /**
     * A q of "*" alone is every document, as SimpleQueryParser has it, and so is one of stars alone ("**" found
     * nothing, tester 77); among other words "*" is nothing.
     */
    @Override
    public Query parse(String q) {
        String text = q.trim().matches("\\*{2,}") ? "*" : q;
        refuseFarFuzzy(text);
        boolean wordsOnly = !ACROSS_WORDS.matcher(text).find() && !text.trim().equals("*");
        Query query = excluding(wordsOnly ? wordByWord(text) : super.parse(text));
        List<Query> bonuses = new ArrayList<>();
        together(text).ifPresent(bonuses::add);
        everyWord(text).ifPresent(bonuses::add);
        if (bonuses.isEmpty()) {
            return query;
        }
        BooleanQuery.Builder scored = new BooleanQuery.Builder().add(query, Occur.MUST);
        bonuses.forEach(bonus -> scored.add(bonus, Occur.SHOULD));
        return scored.build();
    }

    /**
     * A document holding every plain word of a short q scores its words again: BM25 only adds each word's
     * weight, so one rare word in a title outranked a lesson saying all three words of
     * {@code checkout payment timeout} (tester 31). Only a bonus, as {@link #together} is; words the analyzer
     * drops (a, the, and) are left out, since nothing holds them.
     */
    private Optional<Query> everyWord(String text) {
        List<String> plain = plainRuns(text).stream().flatMap(List::stream).toList();
        if (plain.size() < 2 || plain.size() > MOST_TOGETHER) {
            return Optional.empty();
        }
        List<Query> words = plain.stream().map(super::parse).filter(word -> !(word instanceof MatchNoDocsQuery))
                .toList();
        if (words.size() < 2) {
            return Optional.empty();
        }
        BooleanQuery.Builder every = new BooleanQuery.Builder();
        words.forEach(word -> every.add(word, Occur.MUST));
        return Optional.of(every.build());
    }

    /**
     * Lucene's automata stop at two edits, and SimpleQueryParser lowers a larger distance to two before
     * {@link #newFuzzyQuery} sees it: {@code word~3} was searched as {@code word~2} without a word. So the
     * distances are read here as the parser reads them: a {@code ~} ending a term outside quotes (after a
     * closing quote it is a phrase's slop), then digits up to the term's end; digits it cannot read as a number
     * make it a plain word, as they do in the parser.
     */
    private static void refuseFarFuzzy(String text) {
        boolean quoted = false;
        int term = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
                term = i + 1;
            } else if (!quoted && TERM_END.indexOf(c) >= 0) {
                term = i + 1;
            } else if (!quoted && c == '~' && i > term) {
                int end = i + 1;
                while (end < text.length() && TERM_END.indexOf(text.charAt(end)) < 0 && text.charAt(end) != '"') {
                    end++;
                }
                refuseFarFuzzy(text.substring(term, i), text.substring(i + 1, end));
                i = end - 1;
            }
        }
    }

    private static void refuseFarFuzzy(String word, String distance) {
        int edits;
        try {
            edits = Integer.parseInt(distance);
        } catch (NumberFormatException e) {
            return;
        }
        if (edits > MOST_EDITS) {
            throw new InvalidParameter("q", "holds a fuzzy term of more than " + MOST_EDITS + " edits (" + word + "~"
                    + distance + "): " + MOST_EDITS + " is the most, write word~1 or word~2 (word~ alone is word~2)");
        }
    }

    /**
     * SimpleQueryParser copies the group built so far for every word it adds to it, so its cost grew with
     * the square of the words: 2,000 took seconds. Without the characters whose meaning reaches across
     * words (quotes, parentheses, operators, escapes), each word is a query of its own, and the parser
     * would join them as this does: one word alone, more as a group of default-operator clauses.
     */
    private Query wordByWord(String text) {
        List<Query> words = new ArrayList<>();
        for (String word : BETWEEN_WORDS.split(text)) {
            Query query = super.parse(word);
            if (!(query instanceof MatchNoDocsQuery) && !word.equals("*")) {
                words.add(query);
            }
        }
        if (words.size() < 2) {
            return words.isEmpty() ? new MatchNoDocsQuery("no words") : words.get(0);
        }
        BooleanQuery.Builder group = new BooleanQuery.Builder();
        words.forEach(word -> group.add(word, getDefaultOperator()));
        return group.build();
    }

    /**
     * Neighbouring plain words of a q found close together score again, as phrases: joined by OR alone,
     * "release notes" ranked documents saying "release" in a title above the one lesson saying "release notes"
     * in its body. Each pair of neighbours is a phrase of its own, so a word found nowhere costs only its own
     * pairs; a word the analyzer splits ({@code database-migration}) is a phrase by itself. Only a bonus (the
     * query it joins must still match), so it never widens what is found. Quotes, operators, prefixes, fuzzy
     * terms and exclusions end a run of neighbours and stay out of it.
     */
    private Optional<Query> together(String text) {
        List<List<String>> runs = plainRuns(text);
        if (runs.stream().mapToInt(List::size).sum() > MOST_TOGETHER) {
            return Optional.empty();
        }
        BooleanQuery.Builder phrases = new BooleanQuery.Builder();
        boolean any = false;
        for (List<String> run : runs) {
            List<String> candidates = new ArrayList<>();
            if (run.size() == 1) {
                candidates.add(run.get(0));
            }
            for (int i = 0; i + 1 < run.size(); i++) {
                candidates.add(run.get(i) + " " + run.get(i + 1));
            }
            for (String candidate : candidates) {
                Query phrase = newPhraseQuery(candidate, TOGETHER_SLOP);
                if (holdsPhrase(phrase)) {
                    phrases.add(phrase, Occur.SHOULD);
                    any = true;
                }
            }
        }
        return any ? Optional.of(new BoostQuery(phrases.build(), TOGETHER)) : Optional.empty();
    }

    /** Runs of neighbouring words outside quotes that carry no operator or syntax of their own. */
    private static List<List<String>> plainRuns(String text) {
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        boolean quoted = false;
        for (String word : BETWEEN_WORDS.split(text)) {
            if (word.isEmpty()) {
                continue;
            }
            boolean inQuotes = quoted;
            quoted ^= word.chars().filter(c -> c == '"').count() % 2 == 1;
            if (!inQuotes && !word.startsWith("-") && !NOT_PLAIN.matcher(word).find()) {
                run.add(word);
            } else if (!run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /** Two or more words in one field's query: a lone word makes term queries, which score nothing extra. */
    private static boolean holdsPhrase(Query query) {
        if (query instanceof PhraseQuery || query instanceof MultiPhraseQuery) {
            return true;
        }
        if (query instanceof BoostQuery boost) {
            return holdsPhrase(boost.getQuery());
        }
        return query instanceof BooleanQuery group
                && group.clauses().stream().anyMatch(clause -> holdsPhrase(clause.getQuery()));
    }

    @Override
    protected Query newDefaultQuery(String text) {
        return reused(List.of("word", text), () -> super.newDefaultQuery(text));
    }

    @Override
    protected Query newFuzzyQuery(String text, int fuzziness) {
        counted(text);
        return reused(List.of("fuzzy", text, fuzziness), () -> {
            Map<BytesRef, NearSpellings.Automata> words = new HashMap<>();
            return asWrittenOrStem(text, term -> new NearSpellings(term.field(), words.computeIfAbsent(term.bytes(),
                    word -> new NearSpellings.Automata(word.utf8ToString(), fuzziness))));
        });
    }

    @Override
    protected Query newPhraseQuery(String text, int slop) {
        return reused(List.of("phrase", text, slop), () -> super.newPhraseQuery(text, slop));
    }

    @Override
    protected Query newPrefixQuery(String text) {
        // "dns***" is "dns*": the stars after the first add nothing, yet they counted as the prefix's characters (tester 77).
        String prefix = text.replaceFirst("\\*+$", "");
        if (prefix.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        counted(prefix);
        return reused(List.of("prefix", prefix), () -> asWrittenOrStem(prefix, PrefixQuery::new));
    }

    /**
     * A prefix or fuzzy term is matched against the words of the index, where a plain word is looked up once,
     * and each word it matches is looked up again for every snippet: on the real post-mortems ten take up to
     * a tenth of a second, about what 2,000 plain words take. A fuzzy term's automata grow with its length
     * (one of 255 letters at ~2 took 120 ms, ten of 20 letters 35 ms), and a prefix of over 1,000 letters
     * failed inside Lucene. Counted as written: a repeated one is expanded again wherever it stands.
     */
    private void counted(String text) {
        if (++expanding > MOST_EXPANDING) {
            throw new InvalidParameter("q", "holds more than " + MOST_EXPANDING + " prefixes (word*) and fuzzy terms"
                    + " (word~1, word~2): keep at most " + MOST_EXPANDING + " and write the rest as plain words");
        }
        if (text.codePointCount(0, text.length()) > LONGEST_EXPANDING) {
            throw new InvalidParameter("q", "holds a prefix or fuzzy term of more than " + LONGEST_EXPANDING
                    + " characters: shorten it, or drop its * or ~ to search for the word as written");
        }
    }

    /**
     * Where the parser still copies its group for every clause (a q with quotes, parentheses or operators),
     * each copy compares a repeated word's query with its earlier one: as a deep comparison that made
     * 2,000 words of a few letters cost a second; as the same instance it is one reference check.
     */
    private Query reused(List<Object> key, Supplier<Query> query) {
        Query known = branches.get(key);
        if (known == null) {
            known = query.get();
            branches.put(key, known);
        }
        return known;
    }

    /**
     * A prefix or fuzzy term matches the words as written, in each field's unstemmed sibling: among the
     * stems "outage*" missed "outages" (indexed as "outag"), "deploym*" missed "deployment" ("deploy") and
     * "certifcate~1" found no certificate ("certif"). It also finds what the word alone finds, through the
     * word's stem ("policy*" finds "policies"); the stem is neither prefix nor fuzzy, or "bus*" (stem "bu")
     * would find every bug.
     */
    private Query asWrittenOrStem(String text, Function<Term, Query> asWritten) {
        BooleanQuery.Builder fields = new BooleanQuery.Builder();
        for (Map.Entry<String, Float> weight : weights.entrySet()) {
            String field = weight.getKey();
            String unstemmed = SearchDocuments.unstemmed(field);
            BooleanQuery.Builder either = new BooleanQuery.Builder().add(
                    asWritten.apply(new Term(unstemmed, getAnalyzer().normalize(unstemmed, text))), Occur.SHOULD);
            BytesRef stem = stem(field, text);
            if (stem != null) {
                either.add(new TermQuery(new Term(field, stem)), Occur.SHOULD);
            }
            fields.add(new BoostQuery(simplify(either.build()), weight.getValue()), Occur.SHOULD);
        }
        return simplify(fields.build());
    }

    /** The word's one term as indexed; null for a stop word or text the analyzer splits. */
    private BytesRef stem(String field, String word) {
        try (TokenStream tokens = getAnalyzer().tokenStream(field, word)) {
            TermToBytesRefAttribute term = tokens.addAttribute(TermToBytesRefAttribute.class);
            tokens.reset();
            BytesRef first = tokens.incrementToken() ? BytesRef.deepCopyOf(term.getBytesRef()) : null;
            boolean alone = first != null && !tokens.incrementToken();
            tokens.end();
            return alone ? first : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SimpleQueryParser writes {@code -x} as "everything but x", which OR-ed with the other words matched
     * nearly every document ("DNS -GitHub" found more than "DNS"). Here each such clause excludes x from its
     * group, and a group of exclusions alone matches everything else.
     */
    private static Query excluding(Query query) {
        if (!(query instanceof BooleanQuery group)) {
            return query;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder()
                .setMinimumNumberShouldMatch(group.getMinimumNumberShouldMatch());
        boolean matching = false;
        for (BooleanClause clause : group.clauses()) {
            Query excluded = clause.getOccur() == Occur.MUST_NOT ? null : excludedBy(clause.getQuery());
            if (excluded != null) {
                builder.add(excluding(excluded), Occur.MUST_NOT);
            } else {
                builder.add(excluding(clause.getQuery()), clause.getOccur());
                matching |= clause.getOccur() != Occur.MUST_NOT;
            }
        }
        if (!matching) {
            builder.add(new MatchAllDocsQuery(), Occur.SHOULD);
        }
        return builder.build();
    }

    /** x, when the query is {@code *:* -x} (how SimpleQueryParser writes {@code -x}); otherwise null. */
    private static Query excludedBy(Query query) {
        if (!(query instanceof BooleanQuery negation) || negation.clauses().size() != 2) {
            return null;
        }
        Query excluded = null;
        boolean everything = false;
        for (BooleanClause clause : negation.clauses()) {
            if (clause.getOccur() == Occur.MUST_NOT) {
                excluded = clause.getQuery();
            } else {
                everything = clause.getQuery() instanceof MatchAllDocsQuery;
            }
        }
        return everything ? excluded : null;
    }
}
