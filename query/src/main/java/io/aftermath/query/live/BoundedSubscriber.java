package io.aftermath.query.live;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Operators;

/**
 * One stream subscriber with its own bounded queue: events go out only as fast as it asks for them
 * (its HTTP connection's demand) and its client reads them ({@link ClientChannel}), so a slow client
 * delays nobody and costs the node no more than its queue, bounded both in updates and in their
 * characters (an update that alone is larger goes out when nothing waits before it, so a client that
 * keeps up always gets it). When the queue is full it is replaced by a
 * single {@code reconnect} event, after which the stream ends: the client missed updates and should
 * start over from a fresh snapshot. A client that has stopped reading could not read that event, so
 * its connection is closed instead.
 */
final class BoundedSubscriber {

    static final String TOO_SLOW = "too slow: updates were dropped";
    /** Sent to every open stream when the node stops, so clients reconnect to another node at once. */
    static final String SHUTTING_DOWN = "node shutting down";
    /** Sent when a new subscriber's snapshot cannot be read (the store out of sight): it may fare better elsewhere. */
    static final String UNREADABLE = "the snapshot could not be read";
    private static final int RETRY_FROM_MILLIS = 1_000;
    private static final int RETRY_SPREAD_MILLIS = 4_000;
    static final ServerSentEvent<String> HEARTBEAT = ServerSentEvent.<String>builder().comment("heartbeat").build();

    /** A {@code reconnect} event, with a {@link #retry()} of its own. */
    static ServerSentEvent<String> reconnect(String reason) {
        return ServerSentEvent.<String>builder().event("reconnect").data("{\"reason\":\"" + reason + "\"}")
                .retry(retry()).build();
    }

    /**
     * How long an {@code EventSource} waits before it connects again, 1-5 s drawn for each stream: the streams a
     * stopping node ends, or a node killed cuts, do not all come back in one instant.
     */
    static Duration retry() {
        return Duration.ofMillis(RETRY_FROM_MILLIS + ThreadLocalRandom.current().nextInt(RETRY_SPREAD_MILLIS));
    }

    private final FluxSink<ServerSentEvent<String>> sink;
    private final ClientChannel client;
    private final int capacity;
    private final long maxCharacters;
    private final Runnable onOverflow;
    private final ArrayDeque<ServerSentEvent<String>> queue = new ArrayDeque<>();
    private long queuedCharacters;
    private long requested;
    private boolean overflowed;
    private boolean done;

    BoundedSubscriber(FluxSink<ServerSentEvent<String>> sink, ClientChannel client, int capacity,
                      long maxCharacters, Runnable onOverflow) {
        this.sink = sink;
        this.client = client;
        this.capacity = capacity;
        this.maxCharacters = maxCharacters;
        this.onOverflow = onOverflow;
        client.onCaughtUp(this::resume);
    }

    /** Queues an event; false when the subscriber has overflowed (and is being closed). */
    boolean offer(ServerSentEvent<String> event) {
        boolean overflowNow;
        boolean unread = false;
        synchronized (this) {
            if (done || overflowed) {
                return false;
            }
            overflowNow = queue.size() >= capacity
                    || !queue.isEmpty() && queuedCharacters + characters(event) > maxCharacters;
            if (overflowNow) {
                overflowed = true;
                clear();
                unread = !client.keepsUp();
                if (unread) {
                    done = true;
                    sink.complete();
                } else {
                    queue.add(reconnect(TOO_SLOW));
                }
            } else {
                queue.add(event);
                queuedCharacters += characters(event);
            }
            drain();
        }
        if (unread) {
            client.drop();
        }
        if (overflowNow) {
            onOverflow.run();
        }
        return !overflowNow;
    }

    /** A heartbeat only goes out when nothing else is waiting and the client asked for something. */
    synchronized void heartbeat() {
        if (!done && !overflowed && queue.isEmpty() && requested > 0 && client.keepsUp()) {
            requested--;
            sink.next(HEARTBEAT);
        }
    }

    synchronized void request(long n) {
        requested = Operators.addCap(requested, n);
        drain();
    }

    private synchronized void resume() {
        drain();
    }

    synchronized void cancel() {
        done = true;
        clear();
    }

    /**
     * Ends the stream now, for the node stopping: pending updates are dropped (the client starts over
     * from a fresh snapshot elsewhere), the event goes out when the client has demand for it, and the
     * stream completes either way, so no request is left for graceful shutdown to wait for.
     */
    synchronized void close(ServerSentEvent<String> event) {
        if (done) {
            return;
        }
        done = true;
        clear();
        if (requested > 0) {
            requested--;
            sink.next(event);
        }
        sink.complete();
    }

    synchronized int queued() {
        return queue.size();
    }

    private void clear() {
        queue.clear();
        queuedCharacters = 0;
    }

    private static long characters(ServerSentEvent<String> event) {
        return event.data() == null ? 0 : event.data().length();
    }

    private void drain() {
        while (requested > 0 && !queue.isEmpty() && client.keepsUp()) {
            requested--;
            ServerSentEvent<String> next = queue.poll();
            queuedCharacters -= characters(next);
            sink.next(next);
        }
        if (overflowed && queue.isEmpty() && !done) {
            done = true;
            sink.complete();
        }
    }
}
