package io.aftermath.app.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A GET sent over a plain socket with a small receive buffer, so a test decides how fast the answer is read
 * (an HTTP client would read it all into its own buffers). The answer ends with the connection.
 */
public final class RawExport {

    /** Where an HTTP/1.1 chunked body that arrived whole ends. */
    public static final String END_OF_CHUNKED_BODY = "\r\n0\r\n\r\n";

    private RawExport() {
    }

    public static Socket open(int port, String pathAndQuery) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        String basic = Base64.getEncoder().encodeToString((TestUsers.AUDITOR + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                + basic + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }
}
