package kz.qazeta.hub.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A TCP link the suite puts between the hub and something it talks to (a partner over HTTP or SOAP, the
 * database), and breaks on purpose: it passes bytes through, or is down (connections refused, open ones cut),
 * hangs (takes the request and never answers), answers late, or answers what the test tells it to (a 503, a
 * SOAP fault, garbage, hostile XML). It counts the connections made to it, so a test sees whether a circuit
 * breaker kept the hub away. Listens on 127.0.0.1 only.
 */
public final class FaultyLink implements AutoCloseable {

    /** What the link does with the next connections. */
    public enum Mode { PASS, DOWN, HANG, ANSWER }

    private final int port;
    private final IntSupplier target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    private volatile byte[] answer = new byte[0];
    private volatile boolean closed;

    /** A link on a free port to {@code 127.0.0.1:<target>}, the target's port asked for on each connection. */
    public FaultyLink(IntSupplier target) {
        this.target = target;
        try {
            this.server = listen(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Passes bytes through, after {@code delayMillis} for each request. */
    public FaultyLink pass(long delayMillis) {
        this.delayMillis = delayMillis;
        if (delayMillis > 0) {
            // kept-alive connections would carry requests without the delay: every request starts anew
            cutOpenConnections();
        }
        return mode(Mode.PASS);
    }

    public FaultyLink pass() {
        return pass(0);
    }

    /** Takes connections and requests and never answers: the hub's time-out has to act. */
    public FaultyLink hang() {
        cutOpenConnections();
        return mode(Mode.HANG);
    }

    /** Answers every request with these bytes (a whole HTTP answer, or garbage) and closes the connection. */
    public FaultyLink answer(byte[] raw) {
        this.answer = raw.clone();
        cutOpenConnections();
        return mode(Mode.ANSWER);
    }

    /** Answers every request with this HTTP status, content type and body. */
    public FaultyLink answer(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Failed") + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes(bytes);
        return answer(raw.toByteArray());
    }

    /** Down: new connections are refused (nothing listens) and open ones are cut. */
    public synchronized FaultyLink down() {
        mode = Mode.DOWN;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutOpenConnections();
        return this;
    }

    /** Up again, passing bytes through (the same port). */
    public synchronized FaultyLink up() {
        if (server.isClosed()) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + port + " again", e);
            }
            accept(server);
        }
        return pass();
    }

    /** Connections accepted since the link was made (or since {@link #resetCount()}). */
    public int connections() {
        return connections.get();
    }

    public void resetCount() {
        connections.set(0);
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutOpenConnections();
    }

    private FaultyLink mode(Mode wanted) {
        if (wanted != Mode.DOWN && server.isClosed()) {
            up();
        }
        this.mode = wanted;
        return this;
    }

    private void cutOpenConnections() {
        for (Socket socket : open) {
            quietlyClose(socket);
        }
        open.clear();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return socket;
    }

    private void accept(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!closed && !listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    connections.incrementAndGet();
                    open.add(client);
                    Thread handler = new Thread(() -> handle(client), "faulty-link-" + port);
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException stopped) {
                    return;
                }
            }
        }, "faulty-link-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void handle(Socket client) {
        try {
            switch (mode) {
                case PASS -> forward(client);
                case HANG -> drain(client.getInputStream());
                case ANSWER -> {
                    readRequest(client.getInputStream());
                    OutputStream out = client.getOutputStream();
                    out.write(answer);
                    out.flush();
                    client.shutdownOutput();
                    drain(client.getInputStream());
                }
                case DOWN -> quietlyClose(client);
            }
        } catch (IOException cut) {
            // the link or one of its ends went away: that is the point
        } finally {
            open.remove(client);
            quietlyClose(client);
        }
    }

    private void forward(Socket client) throws IOException {
        if (delayMillis > 0) {
            sleep(delayMillis);
        }
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getAsInt()), 2000);
            Thread back = new Thread(() -> pump(upstream, client), "faulty-link-back-" + port);
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
            try {
                back.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            open.remove(upstream);
            quietlyClose(upstream);
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException cut) {
            quietlyClose(from);
            quietlyClose(to);
        }
    }

    /** Reads one HTTP request's head and body (Content-Length or chunked), so the answer comes after it. */
    static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (last4 != 0x0d0a0d0a && (b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at >= 0) {
            int end = headers.indexOf('\r', at);
            long length = Long.parseLong(headers.substring(at + 15, end).trim());
            in.skipNBytes(length);
        } else if (headers.contains("transfer-encoding: chunked")) {
            // read until the last chunk's "0\r\n\r\n"
            int state = 0;
            byte[] last = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (state < last.length && (b = in.read()) >= 0) {
                state = b == last[state] ? state + 1 : b == last[0] ? 1 : 0;
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // swallowed
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }
}
