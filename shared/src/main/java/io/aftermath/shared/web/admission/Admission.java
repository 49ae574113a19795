package io.aftermath.shared.web.admission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lets {@code concurrency} requests run at once, queues up to {@code queue} more in arrival order and
 * turns the rest away. A request holds its place through a {@link Ticket} it leaves exactly once, whatever
 * ends it (answered, failed, cancelled by a closed connection, tired of waiting): the ticket, not the
 * signal that admitted it, owns the place, so a turn handed over as the waiter gives up is not lost.
 */
final class Admission {

    private final int concurrency;
    private final int queue;
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private int free;

    Admission(int concurrency, int queue) {
        this.concurrency = concurrency;
        this.queue = queue;
        this.free = concurrency;
    }

    synchronized Ticket enter() {
        if (free > 0) {
            free--;
            return new Ticket(State.ADMITTED);
        }
        if (waiting.size() < queue) {
            Ticket ticket = new Ticket(State.WAITING);
            waiting.add(ticket);
            return ticket;
        }
        return new Ticket(State.TURNED_AWAY);
    }

    synchronized int running() {
        return concurrency - free;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    int concurrency() {
        return concurrency;
    }

    int queue() {
        return queue;
    }

    private enum State { WAITING, ADMITTED, TURNED_AWAY, LEFT }

    /** Why a request did not get its turn. */
    enum Refusal { QUEUE_FULL, WAITED_TOO_LONG }

    final class Ticket {

        private State state;
        private MonoSink<Boolean> turn;

        private Ticket(State state) {
            this.state = state;
        }

        /** True once the request may run; false when turned away or after {@code wait} in the queue. */
        Mono<Boolean> admitted(Duration wait) {
            return Mono.defer(() -> {
                synchronized (Admission.this) {
                    if (state != State.WAITING) {
                        return Mono.just(state == State.ADMITTED);
                    }
                }
                return Mono.<Boolean>create(this::await).timeout(wait, Mono.just(false));
            });
        }

        /** The turn may have come since {@link #admitted} looked. */
        private void await(MonoSink<Boolean> sink) {
            State now;
            synchronized (Admission.this) {
                now = state;
                if (now == State.WAITING) {
                    turn = sink;
                }
            }
            if (now != State.WAITING) {
                sink.success(now == State.ADMITTED);
            }
        }

        /** Asked before {@link #leave()}: a turn that came as the wait ran out was still not taken. */
        Refusal refusal() {
            synchronized (Admission.this) {
                return state == State.TURNED_AWAY ? Refusal.QUEUE_FULL : Refusal.WAITED_TOO_LONG;
            }
        }

        /** Gives the place to the next in the queue (or frees it), or gives up the place in the queue. */
        void leave() {
            MonoSink<Boolean> next = null;
            synchronized (Admission.this) {
                if (state == State.ADMITTED) {
                    Ticket successor = waiting.poll();
                    if (successor == null) {
                        free++;
                    } else {
                        successor.state = State.ADMITTED;
                        next = successor.turn;
                    }
                } else if (state == State.WAITING) {
                    waiting.remove(this);
                }
                state = State.LEFT;
            }
            if (next != null) {
                next.success(true);
            }
        }
    }
}
