package io.aftermath.query.live;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one thread per node that looks at projection progress, applies the log tail's events to the
 * triage index and pushes stream updates. One thread keeps every stream's snapshot and updates in
 * order without locks; its MongoDB reads never touch the web server's event loop.
 */
@Component
public class LiveExecutor implements Executor, DisposableBean {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread live = new Thread(runnable, "aftermath-live");
        live.setDaemon(true);
        return live;
    });

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    void every(long millis, Runnable task) {
        thread.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
