package io.aftermath.shared.infrastructure;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;

/**
 * Reads of the store that stop waiting for it the moment the driver sees no writable server. A read in flight
 * when the store goes (its connection closed under it) is retried by the driver, and the retry waits out the
 * whole server selection (30 s) for a store that is gone: the live thread held every stream's snapshot, update
 * and heartbeat that long, and a request's read its answer. Interrupted, those waits end at once, and the read
 * fails as the store's absence does (503). A read blocked on the socket of a store that hangs wakes only at
 * its read timeout. Reads alone: a write cut after it was sent would leave its outcome unknown.
 * <p>
 * The driver tells its listeners as its view changes, often on the very thread whose read found the
 * connection closed, before that read's retry waits. It tells them after its view has changed, so whether a read
 * begins cut is asked of that view ({@code storeInSight}), not of the last thing told: a read begun just after the
 * store was found was cut, told of the search's start and not yet of its end (CuttableReadsTest, under load).
 */
public final class CuttableReads implements ClusterListener {

    /** A thread inside reads (nested ones count once) and whether this cut it; guarded by the map. */
    private static final class Reader {
        int depth;
        boolean cut;
    }

    private final Map<Thread, Reader> readers = new HashMap<>();
    private final BooleanSupplier storeInSight;

    /** @param storeInSight the driver's view now ({@link io.aftermath.shared.mongo.StoreSight#inSight()}) */
    public CuttableReads(BooleanSupplier storeInSight) {
        this.storeInSight = storeInSight;
    }

    public <T> T call(Callable<T> read) throws Exception {
        enter();
        try {
            return read.call();
        } finally {
            exit();
        }
    }

    public <T> T get(Supplier<T> read) {
        enter();
        try {
            return read.get();
        } finally {
            exit();
        }
    }

    public void run(Runnable read) {
        enter();
        try {
            read.run();
        } finally {
            exit();
        }
    }

    /**
     * The stream with each of its pulls a read of its own: a stream of the log fetches its next batch as it is
     * pulled, on whatever thread pulls then, after the call that opened it has returned (an answer written as it
     * is read).
     */
    public <T> Stream<T> each(Stream<T> stream) {
        Iterator<T> pulls = stream.iterator();
        Iterator<T> cuttable = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return get(pulls::hasNext);
            }

            @Override
            public T next() {
                return get(pulls::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cuttable, Spliterator.ORDERED), false)
                .onClose(stream::close);
    }

    /**
     * A read that begins once the store is gone is cut at once: one that checked for the store just before it
     * went, and joined the readers just after they were cut, waited out the server selection (tester 61: 30 s).
     * Joined before the driver's view changed, a read is among those the change cuts.
     */
    private void enter() {
        synchronized (readers) {
            Reader reader = readers.computeIfAbsent(Thread.currentThread(), reading -> new Reader());
            reader.depth++;
            if (!reader.cut && !storeInSight.getAsBoolean()) {
                reader.cut = true;
                Thread.currentThread().interrupt();
            }
        }
    }

    private void exit() {
        synchronized (readers) {
            Reader reader = readers.get(Thread.currentThread());
            if (--reader.depth == 0) {
                readers.remove(Thread.currentThread());
                if (reader.cut) {
                    // Spent or not, an interrupt meant for the read must not reach what the thread does next.
                    Thread.interrupted();
                }
            }
        }
    }

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        // The view now, not the one told: told late of a loss the store has since come back from, the cut would fail
        // reads that can be answered.
        if (!storeInSight.getAsBoolean()) {
            cutAll();
        }
    }

    void cutAll() {
        synchronized (readers) {
            readers.forEach((thread, reader) -> {
                reader.cut = true;
                thread.interrupt();
            });
        }
    }
}
