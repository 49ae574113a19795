package io.aftermath.query.live;

import java.util.ArrayDeque;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Operators;

/**
 * One stream subscriber with its own bounded queue: events go out only as fast as it asks for them
 * (its HTTP connection's demand) and its client reads them ({@link ClientChannel}), so a slow client
 * delays nobody and costs the node no more than its queue. When the queue is full it is replaced by a
 * single {@code reconnect} event, after which the stream ends: the client missed updates and should
 * start over from a fresh snapshot. A client that has stopped reading could not read that event, so
 * its connection is closed instead.
 */
final class BoundedSubscriber {

    static final ServerSentEvent<String> RECONNECT = ServerSentEvent.<String>builder()
            .event("reconnect").data("{\"reason\":\"too slow: updates were dropped\"}").build();
    /** Sent to every open stream when the node stops, so clients reconnect to another node at once. */
    static final ServerSentEvent<String> SHUTDOWN = ServerSentEvent.<String>builder()
            .event("reconnect").data("{\"reason\":\"node shutting down\"}").build();
    /** Sent when a new subscriber's snapshot cannot be read (the store out of sight): it may fare better elsewhere. */
    static final ServerSentEvent<String> UNREADABLE = ServerSentEvent.<String>builder()
            .event("reconnect").data("{\"reason\":\"the snapshot could not be read\"}").build();
    static final ServerSentEvent<String> HEARTBEAT = ServerSentEvent.<String>builder().comment("heartbeat").build();

    private final FluxSink<ServerSentEvent<String>> sink;
    private final ClientChannel client;
    private final int capacity;
    private final Runnable onOverflow;
    private final ArrayDeque<ServerSentEvent<String>> queue = new ArrayDeque<>();
    private long requested;
    private boolean overflowed;
    private boolean done;

    BoundedSubscriber(FluxSink<ServerSentEvent<String>> sink, ClientChannel client, int capacity,
                      Runnable onOverflow) {
        this.sink = sink;
        this.client = client;
        this.capacity = capacity;
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
            overflowNow = queue.size() >= capacity;
            if (overflowNow) {
                overflowed = true;
                queue.clear();
                unread = !client.keepsUp();
                if (unread) {
                    done = true;
                    sink.complete();
                } else {
                    queue.add(RECONNECT);
                }
            } else {
                queue.add(event);
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
        queue.clear();
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
        queue.clear();
        if (requested > 0) {
            requested--;
            sink.next(event);
        }
        sink.complete();
    }

    synchronized int queued() {
        return queue.size();
    }

    private void drain() {
        while (requested > 0 && !queue.isEmpty() && client.keepsUp()) {
            requested--;
            sink.next(queue.poll());
        }
        if (overflowed && queue.isEmpty() && !done) {
            done = true;
            sink.complete();
        }
    }
}
