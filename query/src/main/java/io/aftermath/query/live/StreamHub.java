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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Subscribers grouped by what they watch ({@code K}); each group's result is computed once and
 * serialized once, however many subscribers share it. A new subscriber first gets a {@code snapshot}
 * event with the current result; after that, whenever the group is {@link #recompute recomputed} to a
 * different result, every subscriber gets an {@code update} event with the whole new result. All of
 * this runs on the live loop's thread, which keeps snapshot-then-updates in order.
 */
final class StreamHub<K> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    static final class Group {
        final List<BoundedSubscriber> subscribers = new CopyOnWriteArrayList<>();
        String json;
        Object result;
    }

    private final Function<K, Object> compute;
    private final ObjectMapper mapper;
    private final Executor live;
    private final int buffer;
    private final Map<K, Group> groups = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Set when the node stops: from then on every subscriber gets {@code reconnect} and its stream ends. */
    private volatile boolean closed;

    StreamHub(Function<K, Object> compute, ObjectMapper mapper, Executor live, int buffer) {
        this.compute = compute;
        this.mapper = mapper;
        this.live = live;
        this.buffer = buffer;
    }

    Flux<ServerSentEvent<String>> subscribe(K key) {
        if (closed) {
            return Flux.just(BoundedSubscriber.SHUTDOWN);
        }
        return Flux.create(sink -> {
            BoundedSubscriber[] self = new BoundedSubscriber[1];
            BoundedSubscriber subscriber = new BoundedSubscriber(sink, buffer, () -> {
                dropped.incrementAndGet();
                live.execute(() -> remove(key, self[0]));
            });
            self[0] = subscriber;
            sink.onRequest(subscriber::request);
            sink.onDispose(() -> {
                subscriber.cancel();
                live.execute(() -> remove(key, subscriber));
            });
            live.execute(() -> add(key, subscriber));
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Sends {@code reconnect} to every subscriber and ends its stream; later subscribers get the same at
     * once. Runs on the live thread, after any subscription still queued there, so none is missed.
     */
    CompletableFuture<Void> close() {
        closed = true;
        return CompletableFuture.runAsync(() -> {
            groups.values().forEach(group -> group.subscribers.forEach(s -> s.close(BoundedSubscriber.SHUTDOWN)));
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
            Object result = compute.apply(key);
            String json = mapper.writeValueAsString(result);
            if (Objects.equals(json, group.json)) {
                return;
            }
            group.json = json;
            group.result = result;
            ServerSentEvent<String> update = ServerSentEvent.<String>builder().event("update").data(json).build();
            group.subscribers.forEach(subscriber -> subscriber.offer(update));
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

    private void add(K key, BoundedSubscriber subscriber) {
        if (closed) {
            subscriber.close(BoundedSubscriber.SHUTDOWN);
            return;
        }
        Group group = groups.computeIfAbsent(key, k -> new Group());
        try {
            if (group.json == null) {
                group.result = compute.apply(key);
                group.json = mapper.writeValueAsString(group.result);
            }
            subscriber.offer(ServerSentEvent.<String>builder().event("snapshot").data(group.json).build());
            group.subscribers.add(subscriber);
            subscribers.incrementAndGet();
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Stream snapshot for {} failed: {}", key, e.toString());
            subscriber.offer(BoundedSubscriber.RECONNECT);
        }
        if (group.subscribers.isEmpty()) {
            groups.remove(key);
        }
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
