package io.aftermath.query.live;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aftermath.shared.web.AnswerInstants;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Subscribers grouped by what they watch ({@code K}); each group's result is computed once and
 * serialized once, however many subscribers share it. A new subscriber first gets a {@code snapshot}
 * event with the current result; after that, whenever the group is {@link #recompute recomputed} to a
 * result that shows something different ({@code shown}: a triage queue's tickets and total, not the
 * instant it was computed at), every subscriber gets an {@code update} event with the whole new result.
 * All of this runs on the live loop's thread, which keeps snapshot-then-updates in order.
 * <p>
 * Each event's {@code id} is the position the result reflects: what {@code position} said (every event
 * before it processed) just before the result was computed. A reconnecting client sends it back as
 * {@code Last-Event-ID}, and the stream it reconnects to waits for that position, so it is never shown
 * an older result than it had. A new subscriber gets the group's result again when the position has
 * moved since it was computed, so its snapshot is as recent as what its wait reached.
 */
final class StreamHub<K> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    static final class Group {
        final List<BoundedSubscriber> subscribers = new CopyOnWriteArrayList<>();
        String json;
        Object result;
        Object shown;
        long position;
    }

    private final Function<K, Object> compute;
    private final Function<Object, Object> shown;
    private final LongSupplier position;
    private final ObjectMapper mapper;
    private final Executor live;
    private final int buffer;
    private final Map<K, Group> groups = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Set when the node stops: from then on every subscriber gets {@code reconnect} and its stream ends. */
    private volatile boolean closed;

    StreamHub(Function<K, Object> compute, Function<Object, Object> shown, LongSupplier position, ObjectMapper mapper,
              Executor live, int buffer) {
        this.compute = compute;
        this.shown = shown;
        this.position = position;
        this.mapper = AnswerInstants.writing(mapper);
        this.live = live;
        this.buffer = buffer;
    }

    /**
     * @param stale  the subscriber waited for a position this node did not reach in time: its snapshot says so
     *               with {@code "stale": true}, as {@code EventSource} clients cannot read the response's headers
     * @param client the subscriber's connection, whose events wait while it holds more than its client has read
     */
    Flux<ServerSentEvent<String>> subscribe(K key, boolean stale, ClientChannel client) {
        if (closed) {
            return Flux.just(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN));
        }
        return Flux.create(sink -> {
            BoundedSubscriber[] self = new BoundedSubscriber[1];
            BoundedSubscriber subscriber = new BoundedSubscriber(sink, client, buffer, () -> {
                dropped.incrementAndGet();
                live.execute(() -> remove(key, self[0]));
            });
            self[0] = subscriber;
            sink.onRequest(subscriber::request);
            sink.onDispose(() -> {
                subscriber.cancel();
                live.execute(() -> remove(key, subscriber));
            });
            live.execute(() -> add(key, subscriber, stale));
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Sends {@code reconnect} to every subscriber and ends its stream; later subscribers get the same at
     * once. Runs on the live thread, after any subscription still queued there, so none is missed.
     */
    CompletableFuture<Void> close() {
        closed = true;
        return CompletableFuture.runAsync(() -> {
            groups.values().forEach(group -> group.subscribers
                    .forEach(s -> s.close(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN))));
            groups.clear();
            subscribers.set(0);
        }, live);
    }

    Set<K> keys() {
        return groups.keySet();
    }

    int subscribers() {
        return subscribers.get();
    }

    int dropped() {
        return dropped.get();
    }

    /** Computes the group's result again and pushes it when it differs from the last one. */
    void recompute(K key) {
        Group group = groups.get(key);
        if (group == null) {
            return;
        }
        try {
            refresh(key, group);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Stream update for {} failed: {}", key, e.toString());
        }
    }

    Object lastResult(K key) {
        Group group = groups.get(key);
        return group == null ? null : group.result;
    }

    void heartbeat() {
        groups.values().forEach(group -> group.subscribers.forEach(BoundedSubscriber::heartbeat));
    }

    private void add(K key, BoundedSubscriber subscriber, boolean stale) {
        if (closed) {
            subscriber.close(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN));
            return;
        }
        Group group = groups.computeIfAbsent(key, k -> new Group());
        try {
            if (group.json == null || position.getAsLong() > group.position) {
                refresh(key, group);
            }
            subscriber.offer(stale ? staleSnapshot(group) : event("snapshot", group));
            group.subscribers.add(subscriber);
            subscribers.incrementAndGet();
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Stream snapshot for {} failed: {}", key, e.toString());
            subscriber.close(BoundedSubscriber.reconnect(BoundedSubscriber.UNREADABLE));
        }
        if (group.subscribers.isEmpty()) {
            groups.remove(key);
        }
    }

    /** Computes the group's result again and sends it as an {@code update} to its subscribers if it changed. */
    private void refresh(K key, Group group) throws JsonProcessingException {
        long at = position.getAsLong();
        Object result = compute.apply(key);
        Object seen = shown.apply(result);
        // Never lower than an id already sent: read models only move forward, so whatever an earlier result held
        // this one holds too, even when progress reads lower for a moment (a segment seen through its checkpoint
        // rather than its running processor, the triage index reloaded after a rebuild).
        group.position = Math.max(group.position, at);
        if (group.json != null && Objects.equals(seen, group.shown)) {
            return;
        }
        group.json = mapper.writeValueAsString(result);
        group.result = result;
        group.shown = seen;
        ServerSentEvent<String> update = event("update", group);
        group.subscribers.forEach(subscriber -> subscriber.offer(update));
    }

    /** The snapshot with {@code "stale": true} added, for a result that is a JSON object (every stream's is). */
    private ServerSentEvent<String> staleSnapshot(Group group) throws JsonProcessingException {
        JsonNode tree = mapper.readTree(group.json);
        if (!(tree instanceof ObjectNode object)) {
            return event("snapshot", group);
        }
        object.put("stale", true);
        return ServerSentEvent.<String>builder().event("snapshot").id(Long.toString(group.position))
                .data(mapper.writeValueAsString(object)).build();
    }

    private static ServerSentEvent<String> event(String name, Group group) {
        return ServerSentEvent.<String>builder().event(name).id(Long.toString(group.position)).data(group.json)
                .build();
    }

    private void remove(K key, BoundedSubscriber subscriber) {
        Group group = groups.get(key);
        if (group != null && group.subscribers.remove(subscriber)) {
            subscribers.decrementAndGet();
            if (group.subscribers.isEmpty()) {
                groups.remove(key);
            }
        }
    }
}
