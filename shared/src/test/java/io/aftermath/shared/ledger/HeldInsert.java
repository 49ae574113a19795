package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/** Holds, on the calling thread, the first insert whose command mentions a marker, until let go. */
final class HeldInsert implements CommandListener {

    private volatile String marker;
    private volatile Thread holder;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void hold(String marker) {
        this.marker = marker;
    }

    void awaitHeld() throws InterruptedException {
        assertThat(reached.await(10, TimeUnit.SECONDS)).as("the held insert was sent").isTrue();
    }

    /** The thread whose insert is held. */
    Thread holder() {
        return holder;
    }

    void letGo() {
        released.countDown();
    }

    @Override
    public void commandStarted(CommandStartedEvent started) {
        String wanted = marker;
        if (wanted != null && started.getCommandName().equals("insert")
                && started.getCommand().toJson().contains(wanted)) {
            marker = null;
            holder = Thread.currentThread();
            reached.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
