package io.aftermath.query.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * What a person types, as a query over the weighted text fields: {@link SimpleQueryParser}'s syntax, words
 * joined by OR, except that {@code -word} excludes. SimpleQueryParser writes it as "everything but word",
 * which OR-ed with the other words matched nearly every document ("DNS -GitHub" found more than "DNS").
 */
final class SearchQueryParser extends SimpleQueryParser {

    SearchQueryParser(Analyzer analyzer) {
        super(analyzer, SearchDocuments.WEIGHTS);
        setDefaultOperator(Occur.SHOULD);
    }

    @Override
    public Query parse(String text) {
        return excluding(super.parse(text));
    }

    /** Each "everything but x" in a group excludes x from it; a group of exclusions alone matches the rest. */
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
