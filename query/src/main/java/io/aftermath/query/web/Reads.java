package io.aftermath.query.web;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.query.QueryProperties;
import io.aftermath.query.live.StreamEnds;
import io.aftermath.query.progress.Freshness;
import io.aftermath.query.progress.LogLag;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.web.Headers;
import io.aftermath.shared.web.StrictNumbers;
import io.aftermath.shared.web.security.CredentialExpiry;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How every read endpoint answers. Query handlers read MongoDB and the query bus runs them on the
 * caller's thread, so they are called on the bounded elastic scheduler, never on the event loop.
 * <p>
 * Read-your-writes: with {@code ?after=n} or header {@value #AFTER} (both: the larger), the read
 * first waits, without holding a thread, until the projection serving it has processed every event
 * before {@code n} (the {@code X-Aftermath-Position} a write answered with). After
 * {@code aftermath.query.read-your-writes.timeout} it answers anyway with {@value #STALE}{@code : true}:
 * a stale answer the client can see beats an error it must retry blindly. Every answer says which
 * position it reflects ({@value #READ_POSITION}) and whether the projection is being rebuilt, both as
 * they stand when it is answered: a rebuild may end while a read waits.
 * <p>
 * A read answered while the store is out of sight is {@value #STALE} too: the node cannot confirm against
 * the log that nothing was written past what it shows. Reads of MongoDB's read models do not get that far
 * ({@link StoreReads} refuses them), but triage and search answer from this node's memory and disk, and
 * without the header such an answer looked current.
 * <p>
 * So is a read of a projection that has fallen behind the log ({@link LogLag}), though it waited for nothing: a
 * projection whose processor died with its node stands still until another node takes it, while writes go on.
 */
@Component
public class Reads {

    public static final String AFTER = "X-Aftermath-After";
    public static final String STALE = "X-Aftermath-Stale";
    public static final String READ_POSITION = "X-Aftermath-Read-Position";
    public static final String REBUILDING = "X-Aftermath-Rebuilding";
    /** Sent by a reconnecting {@code EventSource}: the {@code id} of the last event it received. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String NO_PROXY_BUFFERING = "X-Accel-Buffering";

    private final Freshness freshness;
    private final QueryProperties properties;
    private final StoreSight store;
    private final StoreReads storeReads;
    private final LogLag lag;

    public Reads(Freshness freshness, QueryProperties properties, StoreSight store, StoreReads storeReads, LogLag lag) {
        this.freshness = freshness;
        this.properties = properties;
        this.store = store;
        this.storeReads = storeReads;
        this.lag = lag;
    }

    /**
     * The position to wait for: the larger of the query parameter and the header, as a stream takes
     * the larger of either and {@value #LAST_EVENT_ID}, so a position a client gave is never lowered by
     * another it gave (a stale link's {@code ?after=} under a fresh header); 0 for none.
     */
    public static long after(String parameter, String header) {
        return Math.max(position("after", parameter), position(AFTER, withoutWhitespace(header)));
    }

    /**
     * As {@link #after(String, String)} for a stream, which also takes the {@value #LAST_EVENT_ID} a
     * reconnecting {@code EventSource} sends (the position its last event reflected): the larger wins,
     * so the stream never starts behind what the client has shown.
     */
    public static long after(String parameter, String header, String lastEventId) {
        return Math.max(after(parameter, header), position(LAST_EVENT_ID, withoutWhitespace(lastEventId)));
    }

    /**
     * A ledger position given as text, refused as {@code name}; 0 when absent or blank. ASCII digits only, in the
     * query as in the headers: Spring's number conversion took {@code after=0x10}, {@code #10} and {@code +5} (an
     * unencoded '+' arrives as a space, which it trimmed), and {@link Long#parseLong} takes a sign and other
     * scripts' digits.
     */
    private static long position(String name, String value) {
        if (QueryValue.isAbsent(value)) {
            return 0;
        }
        try {
            return StrictNumbers.parseLong(value, false);
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name, "must be a ledger position (0 or more)");
        }
    }

    /** Whitespace around a header's value is HTTP's, not the value's; in a query it is the client's. */
    private static String withoutWhitespace(String header) {
        return header == null ? null : header.trim();
    }

    /**
     * Completes once the projection whose progress {@code served} reports has processed every event
     * below {@code after}, or the read-your-writes timeout has passed: true if it caught up. Completes
     * at once for {@code after} 0.
     */
    public Mono<Boolean> caughtUp(long after, LongSupplier served) {
        return after > 0 ? freshness.await(served, after, properties.readYourWrites().timeout()) : Mono.just(true);
    }

    /**
     * Marks a stream that is not {@code current} (its wait timed out, say) with {@value #STALE}, as a read is marked.
     * A stream's headers go out with its first event, so set after the wait and before that event they still do.
     * Returns whether the stream is stale.
     */
    public static boolean staleStream(ServerHttpResponse response, boolean current) {
        if (!current) {
            response.getHeaders().set(STALE, "true");
        }
        return !current;
    }

    /**
     * A stream whose checks passed, as the answer's body: the checks run before the answer is written, so a
     * HEAD, whose body Spring never subscribes to, is refused as its GET is. {@code X-Accel-Buffering: no}
     * tells nginx, which buffers a proxied answer by default, to pass each event on as it comes. The stream ends
     * after its lifetime, when a bearer token it was opened with does, and, opened stale, once the node is
     * {@link #current} again, else once its read model falls behind the log ({@link StreamEnds}).
     *
     * @param current whether the stream's snapshot shows as current (its {@link #staleStream} answer, negated)
     * @param after   the position the stream waited for
     * @param served  the position every read model the stream's snapshot stood on has processed every event below
     */
    public Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> opened(Flux<ServerSentEvent<String>> stream,
                                                                     boolean current, long after,
                                                                     LongSupplier served) {
        Mono<String> lifetime = StreamEnds.lifetime(StreamEnds.drawn(properties.stream().maxLifetime(),
                ThreadLocalRandom.current().nextDouble()), store::inSight);
        Mono<String> currentOrNot = current
                ? StreamEnds.fellBehind(() -> lag.behind(served.getAsLong()))
                : StreamEnds.currentAgain(() -> served.getAsLong() >= after && current(true, served));
        return CredentialExpiry.ofRequest().map(expiry -> StreamEnds.credentials(expiry, Clock.systemUTC()))
                .defaultIfEmpty(Mono.never())
                .map(credentials -> StreamEnds.endingAtFirst(stream, List.of(lifetime, currentOrNot, credentials)))
                .map(lasting -> ResponseEntity.ok().header(NO_PROXY_BUFFERING, "no").body(lasting));
    }

    /**
     * Whether a stream opened now may show its snapshot as current: its wait for a position did not time
     * out, the store is in sight (out of sight, the node cannot learn of writes it has not seen), and the read model
     * serving it has not fallen behind the log.
     */
    public boolean current(boolean caughtUp, LongSupplier served) {
        return caughtUp && store.inSight() && !lag.behind(served.getAsLong());
    }

    /** A stream refused before its first event says how far the node had read, as a read's refusal does. */
    public static void refusedStream(ServerHttpResponse response, boolean caughtUp, long position) {
        response.getHeaders().set(READ_POSITION, Long.toString(position));
        staleStream(response, caughtUp);
    }

    /** Where a read's answer comes from: this node's memory and disk (triage, search), or MongoDB. */
    public enum Source { NODE, STORE }

    public <T> Mono<ResponseEntity<T>> answer(Source source, long after, LongSupplier served, BooleanSupplier rebuilding,
                                              Supplier<CompletableFuture<T>> query) {
        if (source == Source.STORE) {
            // Not after the wait for after: out of sight, that wait only delays the same refusal (tester 59: 5 s).
            storeReads.requireInSight();
        }
        return caughtUp(after, served).flatMap(upToDate -> {
            long position = served.getAsLong();
            boolean incomplete = rebuilding.getAsBoolean();
            return (source == Source.STORE ? storeReads.ask(query) : ask(query)).map(result -> {
                ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(READ_POSITION, Long.toString(position));
                if (!upToDate || !store.inSight() || lag.behind(position)) {
                    response.header(STALE, "true");
                }
                if (incomplete) {
                    response.header(REBUILDING, "true");
                }
                return response.body(result);
            });
        });
    }

    /**
     * As {@link #answer}, refusing with {@code missing} when the query finds nothing. The refusal keeps the
     * read's headers: what was asked for may lie beyond what this node has read, which a client reading its own
     * write from a node that did not catch up in time can only tell from {@value #STALE} and {@value #READ_POSITION}.
     */
    public <T> Mono<ResponseEntity<T>> answerFound(Source source, long after, LongSupplier served,
                                                   BooleanSupplier rebuilding,
                                                   Supplier<CompletableFuture<Optional<T>>> query,
                                                   Supplier<DomainRejection> missing, ServerHttpResponse response) {
        return answer(source, after, served, rebuilding, query).map(read -> {
            Optional<T> body = read.getBody();
            if (body == null || body.isEmpty()) {
                response.getHeaders().putAll(read.getHeaders());
                throw missing.get();
            }
            return ResponseEntity.status(read.getStatusCode()).headers(read.getHeaders()).body(body.get());
        });
    }

    /**
     * Sets {@code ETag}: the aggregate version the view reflects, which a write sends back as
     * {@code If-Match}; none when the view does not know it (written before versions were kept).
     * <p>
     * The tag is set on the response, not in the entity, because Spring answers a GET whose entity's ETag an
     * {@code If-None-Match} lists with 304 by itself. That would be wrong here: the version is the aggregate's
     * own stream's, while the page also shows what other streams' events change (a release's health and
     * hotfixes, the user updates in a ticket's history), so a page can change at the same version.
     */
    public static void tag(ServerHttpResponse response, Long version) {
        if (version != null) {
            response.getHeaders().setETag(Headers.etag(version));
        }
    }

    /** A query answered from this node's memory and disk; {@link StoreReads} runs those of MongoDB. */
    static <T> Mono<T> ask(Supplier<CompletableFuture<T>> query) {
        return Mono.fromFuture(query).subscribeOn(Schedulers.boundedElastic());
    }

    /** Deep pages cost a sort or a ranking of everything before them, so paging stops at a bound. */
    static final int MAX_OFFSET = 10_000;

    /** How many of a list to pass over: 0 to {@link #MAX_OFFSET}, 0 when absent. */
    static int offset(Integer requested) {
        if (requested == null) {
            return 0;
        }
        if (requested < 0 || requested > MAX_OFFSET) {
            throw new InvalidParameter("offset", "must be between 0 and " + MAX_OFFSET);
        }
        return requested;
    }

    public int limit(Integer requested, int fallback, int max) {
        int limit = requested == null ? fallback : requested;
        if (limit < 1 || limit > max) {
            throw new InvalidParameter("limit", "must be between 1 and " + max);
        }
        return limit;
    }
}
