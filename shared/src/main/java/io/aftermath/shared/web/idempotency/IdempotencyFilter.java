package io.aftermath.shared.web.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.ledger.AppendsStopped;
import io.aftermath.shared.mongo.StoreErrors;
import io.aftermath.shared.web.ApiWrites;
import io.aftermath.shared.web.Headers;
import io.aftermath.shared.web.problem.FieldProblem;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import io.aftermath.shared.web.problem.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code Idempotency-Key} on writes under {@code /api}. The key is scoped per user; the request is
 * identified by method, path (with query) and body: a JSON or {@code multipart/form-data} body by its
 * canonical form, any other by its bytes. The first request claims the key, runs, and its response
 * (status, body, the headers in
 * {@link RecordingResponse#KEPT_HEADERS}) is stored, 4xx and 5xx included, so a retry sees exactly
 * what the first attempt saw and appends nothing. The answers in {@link #LEAVE_KEY_FREE} release the
 * claim instead: {@code CONCURRENCY_CONFLICT}, {@code PRECONDITION_FAILED} (412: the target changed
 * since the client read it; the client reads again and retries, under the same key), {@code OVERLOADED}
 * and {@code STORE_UNAVAILABLE} (a
 * retry after the outage must run; should the first run have appended after all, the retry finds
 * its events by {@code requestId}), {@code NOT_SERVED_BY_THIS_NODE} (421: sent to a node without the
 * role that serves it), and the refusals of the request
 * itself (400, 401, 403, 405, 406, 413, 415), as Stripe keeps nothing for a request that failed
 * validation. A duplicate arriving while the first runs waits up to
 * {@code aftermath.idempotency.wait-for}, then gets the stored response or 409
 * {@code IDEMPOTENCY_KEY_IN_PROGRESS}; the same key on a different request is 422
 * {@code IDEMPOTENCY_KEY_REUSED}. Runs after authentication (it needs the user), so the security
 * chain's 401/403 never reach it; nor does the 413 of a body too large to be fingerprinted, nor the
 * 421 of a write sent to a query node (the app refuses it first, so such a node never replays an
 * answer a command node stored under the key).
 * <p>
 * Once claimed, the request runs to completion even if the client goes away, so its outcome is
 * stored for the retry that follows a client-side timeout. The running request finds its
 * {@link IdempotentRequest} among the exchange's attributes.
 */
public class IdempotencyFilter implements WebFilter, Ordered {

    public static final String HEADER = Headers.IDEMPOTENCY_KEY;
    public static final String REPLAYED_HEADER = Headers.IDEMPOTENT_REPLAYED;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern SANE_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /**
     * Answers not kept, so the key stays free. Each guarantees that nothing was appended and that no
     * decision was taken: a lost race or a full queue say "try again", a failed {@code If-Match} "read
     * again, then decide"; a node of the wrong role says
     * "not here", and the same request sent to a node that serves it must run; the others refuse the
     * request as such (unreadable, invalid, too large, of a type, content coding or method not served,
     * not allowed, or whose token could not be checked), so the client may correct it and send it
     * under the same key.
     * Refusals that the ledger's state decides (an unknown id, 409, 422) are answers, and a retry must
     * get them again.
     */
    private static final Set<ErrorCode> LEAVE_KEY_FREE = EnumSet.of(ErrorCode.CONCURRENCY_CONFLICT,
            ErrorCode.PRECONDITION_FAILED,
            ErrorCode.OVERLOADED, ErrorCode.STORE_UNAVAILABLE, ErrorCode.VALIDATION_FAILED, ErrorCode.MALFORMED_REQUEST,
            ErrorCode.MALFORMED_PATH, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.UNSUPPORTED_CONTENT_ENCODING, ErrorCode.NOT_ACCEPTABLE, ErrorCode.METHOD_NOT_ALLOWED,
            ErrorCode.METHOD_NOT_IMPLEMENTED, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN,
            ErrorCode.NOT_SERVED_BY_THIS_NODE, ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
            // The stream could not be loaded, so nothing was decided: the retry after the restore must run.
            ErrorCode.LEDGER_INCOMPLETE, ErrorCode.STORE_MALFORMED,
            // The body never arrived whole, so nothing ran.
            ErrorCode.CLIENT_CLOSED_REQUEST,
            // Refused before anything ran, or by a ledger that a restart resumes: a retry then must run; one whose
            // commit was stored after all finds it as its own (its request id).
            ErrorCode.TOO_MANY_LOGIN_FAILURES, ErrorCode.TOO_MANY_CONCURRENT_LOGINS,
            ErrorCode.LEDGER_STOPPED);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Independent of the application's mapper, so its settings cannot change a fingerprint. */
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private final IdempotencyStore store;
    private final Scheduler storeCalls;
    private final ProblemWriter problems;
    private final Duration wait;
    private final long maxBodyBytes;
    private final AtomicInteger outcomesLostToTheStop = new AtomicInteger();
    /** From the stop's beginning on, what runs still end with is the stop's doing. */
    private final NodeStop stop;

    /**
     * @param storeCalls where the key's claims and outcomes are read and written: not Reactor's shared
     *                   boundedElastic pool, which password checks and health use, and which twenty calls caught
     *                   by a store that hangs would take whole (as reads did, tester 56)
     */
    public IdempotencyFilter(IdempotencyStore store, Scheduler storeCalls, ProblemWriter problems,
                             IdempotencyProperties properties, long maxBodyBytes, NodeStop stop) {
        this.store = store;
        this.storeCalls = storeCalls;
        this.problems = problems;
        this.wait = properties.waitFor();
        this.maxBodyBytes = maxBodyBytes;
        this.stop = stop;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String key = request.getHeaders().getFirst(HEADER);
        if (key == null || !ApiWrites.isApiWrite(request)) {
            return chain.filter(exchange);
        }
        if (!SANE_KEY.matcher(key).matches()) {
            return problems.write(exchange, new Problem(400, ErrorCode.VALIDATION_FAILED, "Invalid Idempotency-Key",
                    List.of(new FieldProblem(HEADER, Headers.IDEMPOTENCY_KEY_RULE))));
        }
        return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty("")
                .flatMap(user -> user.isEmpty() ? chain.filter(exchange) : withBody(exchange, chain, user, key));
    }

    private Mono<Void> withBody(ServerWebExchange exchange, WebFilterChain chain, String user, String key) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), (int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .map(IdempotencyFilter::drain)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    String id = claimId(user, key);
                    Fingerprints fingerprints = Fingerprints.of(exchange.getRequest(), body);
                    long deadline = System.nanoTime() + wait.toNanos();
                    Mono<Void> claimed = settle(id, user, key, fingerprints, deadline)
                            .flatMap(claim -> answer(exchange, chain, claim, id, body))
                            // Nobody is left to tell (a replay to a client gone).
                            .onErrorResume(Problems::clientClosed, gone -> Mono.empty());
                    // From the claim on, it runs to its outcome even if the client goes (the retry after a timeout
                    // must find it), in a subscription of its own that carries the request's context (the
                    // security context among it). Before, only the run did: a client gone while its key was being
                    // claimed left a claim nothing ran under, and its retries got 409 for the whole lease (tester 64).
                    return Mono.deferContextual(context -> Mono.fromFuture(claimed.contextWrite(context).toFuture(),
                            true));
                })
                // Only reading the body can fail here (too large, or the client went away).
                .onErrorResume(unreadable -> problems.write(exchange, unreadable));
    }

    /**
     * Whether an answer with this status can be one stored for an earlier request with the same key:
     * any success, and any refusal with a code that does not leave the key free (409 is both).
     */
    public static boolean mayReplay(int status) {
        return status < 400 || Arrays.stream(ErrorCode.values())
                .anyMatch(code -> code.status() == status && !LEAVE_KEY_FREE.contains(code));
    }

    /** Where a user's key is kept: the key is the user's, so two users may pick the same one. */
    public static String claimId(String user, String key) {
        return sha256(user + '\u0000' + key, new byte[0]);
    }

    /**
     * What makes two requests the same: method, raw path and query, and the body in its
     * {@linkplain #canonical canonical form}, so the same object sent with other spacing or member order,
     * or the same files with another multipart boundary, is the same request.
     */
    public static String fingerprint(String method, String rawPathAndQuery, MediaType contentType, byte[] body) {
        return fingerprint(method, rawPathAndQuery, canonical(contentType, body));
    }

    /** The fingerprint over the body's bytes as sent: what keys claimed before bodies were made canonical hold. */
    public static String fingerprint(String method, String rawPathAndQuery, byte[] body) {
        return sha256(method + ' ' + rawPathAndQuery + '\n', body);
    }

    /**
     * A JSON body parsed and written again with its members sorted by name and no whitespace. Nothing
     * else is normalised (numbers keep their value and precision, arrays their order), so two bodies
     * with one canonical form bind to the same command. A multipart body is its {@link CanonicalMultipart}
     * parts. Other bodies stay as sent, and so do JSON that does not parse strictly (trailing content, a
     * member named twice) and multipart that does not parse: the handler may read that differently, or
     * refuse it as malformed.
     */
    static byte[] canonical(MediaType contentType, byte[] body) {
        if (contentType != null && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(contentType)) {
            String boundary = contentType.getParameter("boundary");
            byte[] parts = boundary == null ? null : CanonicalMultipart.of(boundary, body);
            return parts == null ? body : parts;
        }
        if (contentType == null || !(MediaType.APPLICATION_JSON.equalsTypeAndSubtype(contentType)
                || "json".equals(contentType.getSubtypeSuffix()))) {
            return body;
        }
        try {
            JsonNode json = CANONICAL_JSON.readTree(body);
            return json == null || json.isMissingNode() ? body : CANONICAL_JSON.writeValueAsBytes(json);
        } catch (IOException unreadable) {
            return body;
        }
    }

    private static MediaType contentType(ServerHttpRequest request) {
        try {
            return request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException unreadable) {
            return null;
        }
    }

    private Mono<Claim> settle(String id, String user, String key, Fingerprints fingerprints, long deadline) {
        return Mono.fromCallable(() -> store.claim(id, user, key, fingerprints.current(), fingerprints.former()))
                .subscribeOn(storeCalls)
                .flatMap(claim -> claim instanceof Claim.InProgress && System.nanoTime() < deadline
                        ? Mono.delay(POLL).then(Mono.defer(() -> settle(id, user, key, fingerprints, deadline)))
                        : Mono.just(claim));
    }

    /**
     * A request's fingerprint, and the one over its body's bytes that keys claimed before JSON and
     * multipart bodies were made canonical hold, so a retry across that upgrade still finds the answer
     * stored before it.
     */
    private record Fingerprints(String current, String former) {

        static Fingerprints of(ServerHttpRequest request, byte[] body) {
            String method = request.getMethod().name();
            String query = request.getURI().getRawQuery();
            String target = request.getURI().getRawPath() + (query == null ? "" : "?" + query);
            return new Fingerprints(fingerprint(method, target, contentType(request), body),
                    fingerprint(method, target, body));
        }
    }

    private Mono<Void> answer(ServerWebExchange exchange, WebFilterChain chain, Claim claim, String id, byte[] body) {
        if (claim instanceof Claim.Acquired acquired) {
            acquired.request().attachTo(exchange);
            return execute(exchange, chain, id, body);
        }
        if (claim instanceof Claim.Completed completed) {
            return replay(exchange, completed.response());
        }
        if (claim instanceof Claim.Mismatch) {
            return problems.write(exchange, new DomainRejection(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used for a different request"));
        }
        return problems.write(exchange, new DomainRejection(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                "A request with this Idempotency-Key is still running; retry later"));
    }

    private Mono<Void> execute(ServerWebExchange exchange, WebFilterChain chain, String id, byte[] body) {
        RecordingResponse response = new RecordingResponse(exchange.getResponse(),
                stored -> persist(exchange, id, stored));
        ServerWebExchange recorded = exchange.mutate()
                .request(new CachedBody(exchange.getRequest(), body))
                .response(response)
                .build();
        return chain.filter(recorded)
                // Once the answer has begun, there is none left to write in its place (tester 63: a client gone
                // while its 201 was written got a problem written over it, which failed on the sent headers).
                .onErrorResume(failure -> recorded.getResponse().isCommitted() ? Mono.error(failure)
                        : problems.write(recorded, failure))
                .then(Mono.defer(response::persistIfUnwritten))
                .onErrorResume(failure -> {
                    if (Problems.clientClosed(failure)) {
                        // Its outcome was stored before a byte of it was written; its retry is answered with it.
                        LOG.debug("A client went away while its idempotent answer was written: {}", failure.toString());
                    } else if (stop.begun() || endedByOutageOrStop(failure)) {
                        // Answered 503 for it while it waited for the store, as health and its alert report the
                        // outage, or by the stop, whose command handlers leave before the last runs end (tester 66:
                        // no handler for the command): a stack per such write flooded the log (tester 65: 19-58 a stop).
                        LOG.debug("An idempotent request answered for it ended with {}", failure.toString());
                    } else {
                        LOG.warn("Idempotent request failed after its response was committed", failure);
                    }
                    return Mono.fromRunnable(() -> store.release(id)).subscribeOn(storeCalls).then();
                });
    }

    private Mono<Void> persist(ServerWebExchange exchange, String id, StoredResponse stored) {
        Problem problem = exchange.getAttribute(ProblemWriter.PROBLEM_ATTRIBUTE);
        // The attributes are the whole exchange's: a 503 sent for the request while the run went on (a write
        // caught by an outage) is there too, and kept the run's own answer from its key. Only the run's counts.
        boolean leaveFree = problem != null && problem.status() == stored.status()
                && LEAVE_KEY_FREE.contains(problem.code());
        return Mono.fromRunnable(() -> {
                    if (leaveFree) {
                        store.release(id);
                    } else {
                        store.complete(id, stored);
                    }
                })
                .subscribeOn(storeCalls)
                .onErrorResume(failure -> {
                    if (closedByTheStop(failure) || stop.begun() && Problems.storeOutOfReach(failure)) {
                        // The client or the pool the stop closed, or the outage the node stops in: every write still
                        // running meets it (tester 65: about 50 lines a stop and an ERROR for the pool; tester 66: up
                        // to 30 lines a stop for outcomes kept, which the outcome writer counts when it closes).
                        if (outcomesLostToTheStop.getAndIncrement() == 0) {
                            LOG.warn("Could not store the outcome of an idempotent request: this node is stopping with "
                                    + "its store out of reach; a retry with the key of such a request runs again once "
                                    + "the key's lease is over (the others at DEBUG)");
                        } else {
                            LOG.debug("Could not store the outcome of an idempotent request at the stop: {}",
                                    failure.toString());
                        }
                    } else if (Problems.storeOutOfReach(failure)) {
                        // An outage, which health and its alert report: one line, not a stack per write (tester 61).
                        LOG.warn("Could not store the outcome of an idempotent request, the store being out of "
                                + "reach ({}): kept to store once the store is back", failure.toString());
                    } else {
                        LOG.error("Could not store the outcome of an idempotent request", failure);
                    }
                    return Mono.empty();
                })
                .then();
    }

    /**
     * What a request caught by an outage or by the node's stop ends with once it was answered 503 for it: its
     * store call cut off or refused, the ledger stopped, or a pool the stop closed.
     */
    private static boolean endedByOutageOrStop(Throwable failure) {
        return StoreErrors.outOfReach(failure) || closedByTheStop(failure)
                || Problems.cause(failure, AppendsStopped.class) != null;
    }

    /** The store's client, or a pool, that a node stopping with its store out of reach closed under the call. */
    private static boolean closedByTheStop(Throwable failure) {
        return StoreErrors.closedClient(failure) || Problems.cause(failure, RejectedExecutionException.class) != null;
    }

    private Mono<Void> replay(ServerWebExchange exchange, StoredResponse stored) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
        stored.headers().forEach((name, values) -> response.getHeaders().put(name, values));
        response.getHeaders().set(REPLAYED_HEADER, "true");
        response.getHeaders().setContentLength(stored.body().length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(stored.body())));
    }

    @Override
    public int getOrder() {
        // After Spring Security's chain (-100): the key is scoped per authenticated user.
        return 0;
    }

    private static String sha256(String prefix, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prefix.getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** The body was read to fingerprint it; downstream reads this copy. */
    private static final class CachedBody extends ServerHttpRequestDecorator {

        private final byte[] body;

        CachedBody(ServerHttpRequest delegate, byte[] body) {
            super(delegate);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> body.length == 0 ? Flux.empty()
                    : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}
