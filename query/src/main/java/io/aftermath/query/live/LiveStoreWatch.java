package io.aftermath.query.live;

import org.springframework.stereotype.Component;

import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;

/**
 * Tells the live thread the moment the driver no longer sees a writable store, so a read it is making stops
 * waiting for one ({@link LiveExecutor#readingStore}). The driver calls it as its view changes, often on the
 * very thread whose read found the connection closed, before that read's retry waits.
 */
@Component
class LiveStoreWatch implements ClusterListener {

    private final LiveExecutor live;

    LiveStoreWatch(LiveExecutor live) {
        this.live = live;
    }

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        if (!event.getNewDescription().hasWritableServer()) {
            live.storeLost();
        }
    }
}
