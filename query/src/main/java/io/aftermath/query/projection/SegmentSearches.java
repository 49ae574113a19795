package io.aftermath.query.projection;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.infrastructure.NodeStop;

/**
 * The store calls of Axon's search for a segment to claim (its work launcher: the processor's segments, those
 * available, then a claim of one), made on a thread of their own so that the node's stop can end them.
 * <p>
 * A processor without a segment searches every second: all of them on a query node whose peer holds the
 * segments, any of them after a worker gave its segment up. Axon's stop waits one second for a search under
 * way and then throws, skipping the rest of its shutdown, the other processors' included (tester 70: {@code
 * Failed to stop bean 'springAxonConfiguration'} with a stack). A search blocked on a store that hangs or is
 * gone ends only at the read timeout or the driver's server selection, and neither a closed client nor an
 * interrupt wakes a blocked socket read. So from the start of the node's stop on, a search finds nothing to
 * claim, at once, also the searches already under way, whose store calls are left to end on their own threads.
 */
public final class SegmentSearches {

    private static final int[] ROOT = {0};

    private final ExecutorService searchers = Executors.newCachedThreadPool(DaemonThreads.named("segment-search"));
    private final Set<CompletableFuture<?>> underWay = ConcurrentHashMap.newKeySet();
    private final Map<String, int[]> knownSegments = new ConcurrentHashMap<>();
    private final NodeStop stop;

    /**
     * @param stop its beginning ends the searches, before anything of the stop is done, in particular before the
     *             store's client is closed under an outage, which would fail searches with Axon's WARN and a stack each
     */
    SegmentSearches(NodeStop stop) {
        this.stop = stop;
        stop.whenBegun(() -> underWay.forEach(search -> search.completeExceptionally(new Stopped())));
    }

    /** The processor's segments; at the stop, those last found (the root segment if none were). */
    int[] segments(String processorName, Supplier<int[]> fetch) {
        return ask(() -> {
            int[] found = fetch.get();
            knownSegments.put(processorName, found);
            return found;
        }, () -> knownSegments.getOrDefault(processorName, ROOT));
    }

    /** The segments free to claim; at the stop, none, so nothing is claimed and nothing initialised. */
    List<Segment> available(Supplier<List<Segment>> fetch) {
        return ask(fetch, List::of);
    }

    /** A claim of a segment the search found; at the stop, refused as a segment another node holds. */
    TrackingToken claim(String processorName, int segment, Supplier<TrackingToken> fetch) {
        return ask(fetch, () -> {
            throw new UnableToClaimTokenException("This node is stopping: segment [" + segment + "] of processor ["
                    + processorName + "] is left for the other nodes");
        });
    }

    private <T> T ask(Supplier<T> call, Supplier<T> atTheStop) {
        if (stop.begun()) {
            return atTheStop.get();
        }
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(call, searchers);
        underWay.add(answer);
        try {
            // A stop between the check above and the registration must still end this search.
            if (stop.begun()) {
                answer.completeExceptionally(new Stopped());
            }
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Stopped) {
                return atTheStop.get();
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        } finally {
            underWay.remove(answer);
        }
    }

    /** Ends a search under way at the stop; never thrown beyond this class. */
    private static final class Stopped extends RuntimeException {

        Stopped() {
            super(null, null, false, false);
        }
    }
}
