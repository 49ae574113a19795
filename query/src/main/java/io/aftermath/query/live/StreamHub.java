package io.aftermath.query.live;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 * <p>
 * A subscriber may ask for deltas instead, where the hub has a {@link Delta}: a {@code delta} event with
 * only what turns the result before into the new one, and the whole {@code update} where there is none. Each form is serialized once per change, and only if a subscriber takes it.
 */
final class StreamHub<K> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    /** What turns {@code before} into {@code after}, smaller than {@code after} whole; null if there is none. */
    @FunctionalInterface
    interface Delta {
        Delta NONE = (before, after) -> null;

        Object between(Object before, Object after);
    }

    static final class Group {
        final List<BoundedSubscriber> subscribers = new CopyOnWriteArrayList<>();
        final Set<BoundedSubscriber> takingDeltas = ConcurrentHashMap.newKeySet();
        /** The result serialized, once something needed it since it was computed. */
        String json;
        boolean computed;
        Object result;
        Object shown;
        long position;
    }

    private final Function<K, Object> compute;
    private final Function<Object, Object> shown;
    private final Delta delta;
    private final LongSupplier position;
    private final BooleanSupplier outOfSight;
    private final ObjectMapper mapper;
    private final Executor live;
    private final int buffer;
    private final long bufferCharacters;
    private final Map<K, Group> groups = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Every subscriber from its creation to its end, for {@link #close()} to reach without the live thread. */
    private final Set<BoundedSubscriber> open = ConcurrentHashMap.newKeySet();
    /** Set when the node stops: from then on every subscriber gets {@code reconnect} and its stream ends. */
    private volatile boolean closed;
    /** Whether subscribers were last told that the read model behind the stream is being rebuilt. */
    private boolean rebuilding;

    /**
     * @param outOfSight whether the node has lost sight of its store now: a snapshot taken meanwhile is stale,
     *                   also one asked for while the store was in sight (tester 59: snapshots that waited for the
     *                   live thread's read caught by a hang said nothing of it)
     */
    StreamHub(Function<K, Object> compute, Function<Object, Object> shown, Delta delta, LongSupplier position,
              BooleanSupplier outOfSight, ObjectMapper mapper, Executor live, int buffer, long bufferCharacters) {
        this.outOfSight = outOfSight;
        this.compute = compute;
        this.shown = shown;
        this.delta = delta;
        this.position = position;
        this.mapper = AnswerInstants.writing(mapper);
        this.live = live;
        this.buffer = buffer;
        this.bufferCharacters = bufferCharacters;
    }

    /**
     * @param stale  the subscriber waited for a position this node did not reach in time: its snapshot says so
     *               with {@code "stale": true}, as {@code EventSource} clients cannot read the response's headers
     * @param client the subscriber's connection, whose events wait while it holds more than its client has read
     */
    Flux<ServerSentEvent<String>> subscribe(K key, boolean stale, ClientChannel client) {
        return subscribe(key, stale, client, false);
    }

    /** @param deltas after the snapshot, {@code delta} events where a change only adds to the result */
    Flux<ServerSentEvent<String>> subscribe(K key, boolean stale, ClientChannel client, boolean deltas) {
        if (closed) {
            return Flux.just(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN));
        }
        return Flux.create(sink -> {
            BoundedSubscriber[] self = new BoundedSubscriber[1];
            BoundedSubscriber subscriber = new BoundedSubscriber(sink, client, buffer, bufferCharacters, () -> {
                dropped.incrementAndGet();
                live.execute(() -> remove(key, self[0]));
            });
            self[0] = subscriber;
            sink.onRequest(subscriber::request);
            sink.onDispose(() -> {
                open.remove(subscriber);
                subscriber.cancel();
                live.execute(() -> remove(key, subscriber));
            });
            open.add(subscriber);
            if (closed) {
                // close() may have gone through the open subscribers before this one joined them.
                subscriber.close(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN));
                return;
            }
            live.execute(() -> add(key, subscriber, stale, deltas));
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Sends {@code reconnect} to every subscriber and ends its stream; later subscribers get the same at
     * once. Done on the caller's thread, not queued on the live thread: that one may be stuck in a read
     * from a store that hangs, and the streams then waited for it until graceful shutdown cut them.
     * A subscription the live thread adds meanwhile finds the hub closed there, which then forgets the groups.
     */
    void close() {
        closed = true;
        open.forEach(subscriber -> subscriber.close(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN)));
        live.execute(() -> {
            groups.clear();
            subscribers.set(0);
        });
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

    /**
     * Tells every subscriber, with a {@code rebuilding} event, when the read model behind the stream starts
     * or stops being rebuilt, so a dashboard can say a newer model is being built (its results keep moving
     * meanwhile). Once it stops, every group is computed again: a model read directly (a timeline) is the
     * rebuilt one already, while the triage index pushes its change as it reloads.
     */
    void rebuilding(boolean now) {
        if (now == rebuilding) {
            return;
        }
        rebuilding = now;
        String told = "{\"rebuilding\":" + now + "}";
        for (Map.Entry<K, Group> watched : groups.entrySet()) {
            Group group = watched.getValue();
            ServerSentEvent<String> event = event("rebuilding", group.position, told);
            group.subscribers.forEach(subscriber -> subscriber.offer(event));
            if (!now) {
                recompute(watched.getKey());
            }
        }
    }

    private void add(K key, BoundedSubscriber subscriber, boolean stale, boolean deltas) {
        if (closed) {
            subscriber.close(BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN));
            return;
        }
        Group group = groups.computeIfAbsent(key, k -> new Group());
        try {
            if (!group.computed || position.getAsLong() > group.position) {
                refresh(key, group);
            }
            boolean staleNow = stale || outOfSight.getAsBoolean();
            subscriber.offer(snapshot(group, staleNow));
            if (deltas) {
                group.takingDeltas.add(subscriber);
            }
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

    /**
     * Computes the group's result again and, if it changed, sends it to its subscribers: as an {@code update},
     * or as a {@code delta} to those taking them when it only adds to the result before.
     */
    private void refresh(K key, Group group) throws JsonProcessingException {
        long at = position.getAsLong();
        Object result = compute.apply(key);
        Object seen = shown.apply(result);
        // Never lower than an id already sent: read models only move forward, so whatever an earlier result held
        // this one holds too, even when progress reads lower for a moment (a segment seen through its checkpoint
        // rather than its running processor, the triage index reloaded after a rebuild).
        group.position = Math.max(group.position, at);
        if (group.computed && Objects.equals(seen, group.shown)) {
            return;
        }
        Object before = group.result;
        group.computed = true;
        group.json = null;
        group.result = result;
        group.shown = seen;
        Object added = before == null || group.takingDeltas.isEmpty() ? null : delta.between(before, result);
        ServerSentEvent<String> update = null;
        ServerSentEvent<String> deltaEvent = null;
        for (BoundedSubscriber subscriber : group.subscribers) {
            if (added != null && group.takingDeltas.contains(subscriber)) {
                deltaEvent = deltaEvent != null ? deltaEvent
                        : event("delta", group.position, mapper.writeValueAsString(added));
                subscriber.offer(deltaEvent);
            } else {
                update = update != null ? update : event("update", group.position, json(group));
                subscriber.offer(update);
            }
        }
    }

    private String json(Group group) throws JsonProcessingException {
        if (group.json == null) {
            group.json = mapper.writeValueAsString(group.result);
        }
        return group.json;
    }

    /**
     * The snapshot, with {@code "stale": true} and {@code "rebuilding": true} added where they hold, for a
     * result that is a JSON object (every stream's is). It carries the stream's {@code retry}, which an
     * {@code EventSource} also follows when the connection is cut without a {@code reconnect} (tester 155).
     */
    private ServerSentEvent<String> snapshot(Group group, boolean stale) throws JsonProcessingException {
        String data = json(group);
        if (stale || rebuilding) {
            JsonNode tree = mapper.readTree(data);
            if (tree instanceof ObjectNode object) {
                if (stale) {
                    object.put("stale", true);
                }
                if (rebuilding) {
                    object.put("rebuilding", true);
                }
                data = mapper.writeValueAsString(object);
            }
        }
        return ServerSentEvent.<String>builder().event("snapshot").id(Long.toString(group.position)).data(data)
                .retry(BoundedSubscriber.retry()).build();
    }

    private static ServerSentEvent<String> event(String name, long position, String json) {
        return ServerSentEvent.<String>builder().event(name).id(Long.toString(position)).data(json).build();
    }

    private void remove(K key, BoundedSubscriber subscriber) {
        Group group = groups.get(key);
        if (group != null && group.subscribers.remove(subscriber)) {
            group.takingDeltas.remove(subscriber);
            subscribers.decrementAndGet();
            if (group.subscribers.isEmpty()) {
                groups.remove(key);
            }
        }
    }
}
