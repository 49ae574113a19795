package io.aftermath.app.query.support;

import java.util.concurrent.CountDownLatch;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.postmortem.PostmortemImported;

/**
 * Holds a node's search index at the first post-mortem until {@link #release()}, so a test reads while the
 * index is still filling. A node has it only when passed to {@code AppNode.start}: it is no component.
 */
@ProcessingGroup(ProjectionNames.SEARCH)
public class HeldSearchIndexing {

    private final CountDownLatch released = new CountDownLatch(1);

    @EventHandler
    public void on(PostmortemImported event) throws InterruptedException {
        released.await();
    }

    public void release() {
        released.countDown();
    }
}
