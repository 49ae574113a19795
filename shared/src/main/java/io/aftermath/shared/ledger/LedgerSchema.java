package io.aftermath.shared.ledger;

/**
 * Names of the ledger's collections and fields. A commit lies whole in one document, so an append is
 * atomic on any MongoDB; the commits one group commit writes share documents (in position order, up to
 * {@link LedgerSettings#commitsPerDocument()} each): <pre>
 * commits: { _id: position of its first event, streams: ["aggregateId#firstSequence", ...],
 *            committedAt, count, commitSizes: [events of each commit, in order],
 *            events: [ { position, eventId, aggregateType, aggregateId, sequence,
 *            timestamp, payloadType, payloadRevision, payload, metaData, previousHash, hash } ] }
 * </pre>
 * {@code commitSizes} is there only when the document holds several commits, so a cut of the log can
 * end between them; without it (one commit, or a document written before it was kept) the document
 * counts as one commit.
 * {@code _id} is unique (gap-free global order); {@code streams} has a unique multikey index
 * (optimistic concurrency per stream), one key per commit and stream. Both are the only keys any hot
 * path looks up.
 *
 * <p>A <em>void</em> fills positions that were sequenced for a commit which never got written while
 * a later commit did (see {@link CommitAppender}): {@code { _id, streams: ["void@" + _id],
 * committedAt, count, events: [], void: reason }}. It holds no event; readers step over it, so the
 * positions stay covered without a hole and no event is ever skipped.
 */
public final class LedgerSchema {

    public static final String COMMITS = "commits";
    public static final String SNAPSHOTS = "snapshots";
    public static final String SNAPSHOT_HEADS = "snapshot_heads";
    public static final String LEDGER_META = "ledger_meta";
    public static final String TOKENS = "tokens";

    public static final String ID = "_id";
    public static final String STREAMS = "streams";
    public static final String STREAMS_INDEX = "streams_unique";
    public static final String COMMITTED_AT = "committedAt";
    public static final String COUNT = "count";
    public static final String COMMIT_SIZES = "commitSizes";
    public static final String EVENTS = "events";
    public static final String VOID = "void";

    public static final String POSITION = "position";
    public static final String EVENT_ID = "eventId";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String SEQUENCE = "sequence";
    public static final String TIMESTAMP = "timestamp";
    public static final String PAYLOAD_TYPE = "payloadType";
    public static final String PAYLOAD_REVISION = "payloadRevision";
    public static final String PAYLOAD = "payload";
    public static final String META_DATA = "metaData";
    public static final String PREVIOUS_HASH = "previousHash";
    public static final String HASH = "hash";

    /** {@code ledger_meta} document holding a lower bound of the log's head, so start-up need not scan. */
    public static final String HEAD_HINT_ID = "head";
    /** {@code ledger_meta} document {@code { _id: "store", id, createdAt }}: the {@link LedgerIdentity}. */
    public static final String STORE_IDENTITY_ID = "store";
    public static final String STORE_ID = "id";
    public static final String CREATED_AT = "createdAt";

    private LedgerSchema() {
    }

    /**
     * A void's key in the unique {@code streams} index, which needs one per document. It has no '#',
     * so no stream key (always ending in '#' and digits) can ever equal it.
     */
    static String voidKey(long position) {
        return VOID + '@' + position;
    }

    /** The unique key of a stream chunk; the last '#' separates, so identifiers may contain '#'. */
    public static String streamKey(String aggregateId, long sequence) {
        return aggregateId + '#' + sequence;
    }
}
