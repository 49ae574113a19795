package io.aftermath.shared.infrastructure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The moment this node's stop begins: the close of its context, which Spring announces before any bean
 * stops. What answers otherwise from then on (connections closed after their answer, searches for segments
 * that find none, outcomes the stop cut short) asks here, so a node has one moment of stopping, not one per
 * component.
 */
public final class NodeStop implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    private final List<Runnable> whenBegun = new CopyOnWriteArrayList<>();
    private volatile ApplicationContext context;
    private volatile boolean begun;

    public boolean begun() {
        return begun;
    }

    /** Runs the action once, as the stop begins, or now if it has. */
    public void whenBegun(Runnable action) {
        whenBegun.add(action);
        if (begun) {
            runOnce(action);
        }
    }

    /** The stop begins: the context's close calls it; tests do, without a context. */
    public void begin() {
        begun = true;
        whenBegun.forEach(this::runOnce);
    }

    /** Removing it first makes one of the two callers that may race for an action run it. */
    private void runOnce(Runnable action) {
        if (whenBegun.remove(action)) {
            action.run();
        }
    }

    /** A child context's close reaches its parent's listeners too, and is no stop of the node. */
    @Override
    public void onApplicationEvent(ContextClosedEvent closed) {
        if (closed.getApplicationContext() == context) {
            begin();
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }
}
