package io.aftermath.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    /** Bytes that freeze the proxy when a client sends them; null when none is awaited. */
    private volatile byte[] freezeMark;
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

    /**
     * Freezes when a client next sends {@code command} on {@code collection}, holding that message: what
     * is caught is then that operation, not whichever one a busy machine happened to be in.
     */
    public void freezeAtCommand(String command, String collection) {
        freezeMark = bsonStringElement(command, collection);
    }

    /** A BSON string element as the driver writes a command's first field: {@code 0x02 name\0 length value\0}. */
    private static byte[] bsonStringElement(String name, String value) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + key.length + 1 + 4 + text.length + 1).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x02).put(key).put((byte) 0).putInt(text.length + 1).put(text).put((byte) 0).array();
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
                connect(client);
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    /**
     * A store that is down refuses this one connection, as it would the client's own: the proxy goes on accepting
     * (it stopped for good when a heartbeat came between a heal and the store's restart, so the store stayed out of
     * sight once back).
     */
    private void connect(Socket client) throws IOException {
        Socket store;
        try {
            store = new Socket(InetAddress.getLoopbackAddress(), target);
        } catch (IOException refused) {
            client.close();
            return;
        }
        sockets.add(client);
        sockets.add(store);
        daemon("freezing-proxy-up", () -> pass(client, store, true));
        daemon("freezing-proxy-down", () -> pass(store, client, false));
    }

    private void pass(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        // The end of the previous read, so a mark split between two reads is still seen.
        byte[] seen = new byte[0];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                byte[] mark = freezeMark;
                if (fromClient && mark != null) {
                    seen = freezeIfMarked(seen, buffer, read, mark);
                }
                holdWhileFrozen();
                out.write(buffer, 0, read);
            }
        } catch (IOException | InterruptedException e) {
            // One side closed, or the proxy did.
        }
    }

    private byte[] freezeIfMarked(byte[] seen, byte[] buffer, int read, byte[] mark) {
        byte[] window = Arrays.copyOf(seen, seen.length + read);
        System.arraycopy(buffer, 0, window, seen.length, read);
        if (indexOf(window, mark) >= 0) {
            synchronized (frozenLock) {
                // Once only: another connection may have met the mark first, and the proxy been thawed since.
                if (freezeMark == mark) {
                    frozen = true;
                    freezeMark = null;
                }
            }
        }
        return Arrays.copyOfRange(window, Math.max(0, window.length - (mark.length - 1)), window.length);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int start = 0; start + part.length <= bytes.length; start++) {
            if (Arrays.equals(bytes, start, start + part.length, part, 0, part.length)) {
                return start;
            }
        }
        return -1;
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
