package io.aftermath.query.live;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aftermath.live.subscribers{stream}} (clients connected to this node's triage or timeline
 * streams) and {@code aftermath.live.subscribers.dropped{stream}} (clients told to {@code reconnect}
 * because they fell a whole buffer behind). Both read the hubs' own counts, so a scrape costs nothing.
 */
@Component
class LiveMetrics {

    static final String SUBSCRIBERS = "aftermath.live.subscribers";
    static final String DROPPED = "aftermath.live.subscribers.dropped";

    LiveMetrics(ObjectProvider<MeterRegistry> registry, TriageStreams triage, TimelineStreams timelines) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters != null) {
            register(meters, "triage", triage.hub());
            register(meters, "timeline", timelines.hub());
        }
    }

    static void register(MeterRegistry meters, String stream, StreamHub<?> hub) {
        Gauge.builder(SUBSCRIBERS, hub, StreamHub::subscribers).tag("stream", stream)
                .description("Clients connected to this node's live streams").register(meters);
        FunctionCounter.builder(DROPPED, hub, StreamHub::dropped).tag("stream", stream)
                .description("Clients dropped for being too slow: told to reconnect after falling a whole buffer "
                        + "(aftermath.query.stream.buffer) behind")
                .register(meters);
    }
}
