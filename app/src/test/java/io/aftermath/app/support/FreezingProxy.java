package io.aftermath.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a store that can freeze: its connections stay open and what is sent on them
 * is taken but never passed on, as with a store whose host is frozen ({@code kill -STOP}) or cut off by
 * a partition. A store that dies instead closes or refuses connections, which the driver notices at once:
 * {@link #cut()}.
 */
public final class FreezingProxy implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object frozenLock = new Object();
    private volatile boolean frozen;
    private volatile boolean cut;
    private volatile boolean closed;

    private FreezingProxy(int target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("freezing-proxy-accept", this::acceptUntilClosed);
    }

    public static FreezingProxy to(int targetPort) throws IOException {
        return new FreezingProxy(targetPort);
    }

    public int port() {
        return listening.getLocalPort();
    }

    public void freeze() {
        frozen = true;
    }

    /** Closes every connection and every new one, as a store that died does, until {@link #heal()}. */
    public void cut() throws IOException {
        cut = true;
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    public void heal() {
        cut = false;
    }

    /** Passes on what was held, as a healed partition delivers what was sent during it. */
    public void thaw() {
        synchronized (frozenLock) {
            frozen = false;
            frozenLock.notifyAll();
        }
    }

    private void acceptUntilClosed() {
        try {
            while (!closed) {
                Socket client = listening.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket store = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(store);
                daemon("freezing-proxy-up", () -> pass(client, store));
                daemon("freezing-proxy-down", () -> pass(store, client));
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    private void pass(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                holdWhileFrozen();
                out.write(buffer, 0, read);
            }
        } catch (IOException | InterruptedException e) {
            // One side closed, or the proxy did.
        }
    }

    private void holdWhileFrozen() throws InterruptedException {
        synchronized (frozenLock) {
            while (frozen && !closed) {
                frozenLock.wait();
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (frozenLock) {
            frozenLock.notifyAll();
        }
        listening.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
