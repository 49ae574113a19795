package io.aftermath.query.live;

import org.reactivestreams.Subscription;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A body that is read from its source only as fast as its client takes it: the server asks for more
 * whenever it has handed an item to the connection ({@link ClientChannel}), so a long answer to a client
 * that reads slowly would otherwise pile up on the node. Items are asked for in batches while the
 * connection can take more, so at most one batch waits beyond what the connection holds.
 */
public final class Paced {

    /** Lines of an NDJSON export are about a kilobyte: a batch stays under the connection's 64 KB. */
    static final int BATCH = 32;

    private Paced() {
    }

    public static <T> Flux<T> by(ClientChannel client, Flux<T> source) {
        if (client == ClientChannel.UNOBSERVED) {
            return source;
        }
        return Flux.create(sink -> {
            Puller<T> puller = new Puller<>(sink, client);
            sink.onRequest(ignored -> puller.pull());
            sink.onDispose(puller::dispose);
            client.onCaughtUp(puller::pull);
            source.subscribe(puller);
        });
    }

    private static final class Puller<T> extends BaseSubscriber<T> {

        private final FluxSink<T> sink;
        private final ClientChannel client;
        private long outstanding;

        Puller(FluxSink<T> sink, ClientChannel client) {
            this.sink = sink;
            this.client = client;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            pull();
        }

        @Override
        protected void hookOnNext(T item) {
            synchronized (this) {
                outstanding--;
            }
            sink.next(item);
            pull();
        }

        @Override
        protected void hookOnComplete() {
            sink.complete();
        }

        @Override
        protected void hookOnError(Throwable error) {
            sink.error(error);
        }

        /** Asks for the next batch once the last one is in, the client wants more and its connection takes it. */
        void pull() {
            long batch;
            synchronized (this) {
                if (isDisposed() || upstream() == null || outstanding > 0 || sink.requestedFromDownstream() <= 0
                        || !client.keepsUp()) {
                    return;
                }
                batch = Math.min(BATCH, sink.requestedFromDownstream());
                outstanding = batch;
            }
            request(batch);
        }
    }
}
