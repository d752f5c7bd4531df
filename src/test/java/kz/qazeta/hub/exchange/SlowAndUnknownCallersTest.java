package kz.qazeta.hub.exchange;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry;
import kz.qazeta.hub.exchange.messagelog.MessageLogStore;
import kz.qazeta.hub.exchange.partners.PartnerGate;
import kz.qazeta.hub.reliability.ReliabilityLedger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callers that cost the hub more than themselves: clients that send their request a byte now and then, a flood of
 * wrong keys, a body that does not parse. Over real sockets to the running hub, only to 127.0.0.1, bounded in
 * count and time. The bounds are the defaults of application.yaml (production's too): a body has 10 s
 * ({@code qazeta.exchange.body-read-timeout}), each read 5 s ({@code server.tomcat.connection-timeout}).
 */
class SlowAndUnknownCallersTest extends HubTestSupport {

    private static final String VERIFY = "/api/v1/border-crossings/certificates/verify/ABCDEFGHJKLMNPQRSTUV";
    /** The longest a slow request may hold on: the body's time, one more read, and slack for a busy machine. */
    private static final Duration BOUND = Duration.ofSeconds(10 + 5 + 5);

    private static final String AREA = "attack: gate";

    @LocalServerPort
    int port;

    @Autowired
    MessageLogStore store;

    @Test
    void twoHundredSlowAnonymousClientsLeaveHealthAndPartnersServedAndAreCutOff() throws Exception {
        String head = "POST " + VERIFY + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n";
        // health and the partner's call once before, so what is measured under load is not their first call's warm-up
        assertThat(plainGet("/actuator/health", Map.of()).statusCode()).isEqualTo(200);
        assertThat(plainGet("/api/v1/services", Map.of("X-Api-Key", FRONT_DOOR_KEY)).statusCode()).isEqualTo(200);
        // 200 clients opened at 15 a second (under the anonymous rate of 20), each sending a byte every 10 s
        try (SlowClients slow = new SlowClients(port, head, 200, Duration.ofMillis(66), Duration.ofSeconds(10))) {
            slow.run(Duration.ofSeconds(40), () -> {
                // while all 200 are open: the hub's health and a partner with its key are served at once
                long t0 = System.nanoTime();
                HttpResponse<String> health = plainGet("/actuator/health", Map.of());
                long healthMillis = (System.nanoTime() - t0) / 1_000_000;
                t0 = System.nanoTime();
                HttpResponse<String> partner = plainGet("/api/v1/services", Map.of("X-Api-Key", FRONT_DOOR_KEY));
                long partnerMillis = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("under 200 slow clients: health in %d ms, partner in %d ms%n", healthMillis, partnerMillis);
                ReliabilityLedger.attack(AREA, "200 anonymous clients sending a byte every 10 s", 1,
                        health.statusCode() == 200 && partner.statusCode() == 200 && Math.max(healthMillis, partnerMillis) < 3000 ? 0 : 1,
                        "health and a partner with its key served at once; each slow request ended within the bound");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
                assertThat(partner.statusCode()).isEqualTo(200);
                assertThat(healthMillis).as("health answered in ms").isLessThan(3000);
                assertThat(partnerMillis).as("partner answered in ms").isLessThan(3000);
            });

            System.out.printf("slow clients' ends: %s%n", slow.summary());
            ReliabilityLedger.attack(AREA, "a slow client held past the bound", 200, 200 - (int) slow.ends.values().stream()
                    .filter(end -> List.of(0, 408, 429).contains(end.status()) && end.after().compareTo(BOUND) < 0).count(),
                    "each ended by 408, 429 or a closed connection");
            // every slow request was answered (408 when its time ran out, 429 when its address had too many under
            // way) or its connection closed, within the bound
            assertThat(slow.ends).hasSize(200);
            assertThat(slow.ends.values()).allSatisfy(end -> {
                assertThat(end.status()).isIn(0, 408, 429);
                assertThat(end.after()).isLessThan(BOUND);
            });
            assertThat(slow.ends.values()).extracting(End::status).contains(408, 429);
        }
    }

    @Test
    void aPartnersBodyTooSlowToArriveIsCutOffWith408() throws Exception {
        // a byte a second: each read is within Tomcat's time-out; only the whole body's deadline ends it
        String head = "POST /api/v1/evisa/applications HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-Api-Key: " + FRONT_DOOR_KEY + "\r\nContent-Length: 100\r\n\r\n";
        try (SlowClients slow = new SlowClients(port, head, 3, Duration.ofMillis(10), Duration.ofSeconds(1))) {
            slow.run(Duration.ofSeconds(30), () -> { });
            ReliabilityLedger.attack(AREA, "a partner's body arriving a byte a second", 3,
                    (int) slow.ends.values().stream().filter(end -> end.status() != 408).count(), "408 at the body's deadline");

            assertThat(slow.ends).hasSize(3);
            assertThat(slow.ends.values()).allSatisfy(end -> {
                assertThat(end.status()).isEqualTo(408);
                assertThat(end.after()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(13));
                assertThat(end.answer()).contains("application/problem+json").contains("/request-timeout");
            });
        }
    }

    @Test
    void aRefusedRequestWithABodyIsAnsweredWithItsOwnProblem() {
        // the gate leaves the body unread and closes the connection: its answer must still be the one it wrote
        String body = "{\"application\":{\"service\":\"eta\",\"id\":\"x\"},\"coverage\":\"STANDARD\"}";
        var unknown = post("/api/v1/insurance/policies", body, Map.of("X-Api-Key", "wrong-key", "X-Correlation-Id", "refused-body-1"));
        var notGranted = post("/api/v1/insurance/policies", body, Map.of("X-Api-Key", OPERATOR_KEY, "X-Correlation-Id", "refused-body-2"));

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).path("type").asText()).endsWith("/unauthenticated");
        assertThat(json(unknown).path("status").asInt()).isEqualTo(401);
        assertThat(json(unknown).path("correlationId").asText()).isEqualTo("refused-body-1");
        assertThat(notGranted.statusCode()).isEqualTo(403);
        assertThat(json(notGranted).path("type").asText()).endsWith("/forbidden");
        assertThat(json(notGranted).path("status").asInt()).isEqualTo(403);
        assertThat(json(notGranted).path("correlationId").asText()).isEqualTo("refused-body-2");

        // the connection the refusal closes is not the one the caller's next request goes on (a POST: a client
        // sends a GET again by itself when its connection turns out closed, never a POST)
        String another = "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}";
        for (int i = 0; i < 20; i++) {
            assertThat(post("/api/v1/insurance/policies", body, Map.of("X-Api-Key", OPERATOR_KEY)).statusCode()).isEqualTo(403);
            var next = post("/api/v1/insurance/policies", another.formatted(UUID.randomUUID()), Map.of());
            assertThat(next.statusCode()).as(next.body()).isEqualTo(422);
        }
    }

    @Test
    void aFloodOfWrongKeysIsRateLimitedPerAddressAndLeavesLittleBehind() throws Exception {
        Logger gateLog = (Logger) LoggerFactory.getLogger(PartnerGate.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        gateLog.addAppender(lines);
        String flood = "flood-" + UUID.randomUUID() + "-";
        Map<Integer, HttpResponse<String>> answers = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                int n = i;
                calls.add(CompletableFuture.runAsync(() -> answers.put(n, plainGet("/api/v1/evisa/applications/x",
                        Map.of("X-Api-Key", "wrong-key-" + n, "X-Correlation-Id", flood + n))), clients));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
            gateLog.detachAppender(lines);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Integer> unauthenticated = answers.entrySet().stream().filter(e -> e.getValue().statusCode() == 401)
                .map(Map.Entry::getKey).toList();
        List<Integer> limited = answers.entrySet().stream().filter(e -> e.getValue().statusCode() == 429)
                .map(Map.Entry::getKey).toList();
        ReliabilityLedger.attack(AREA, "3,000 wrong keys in a few seconds from one address", 3000,
                3000 - unauthenticated.size() - limited.size(), "401, then 429 past 20 a second; a short row without a body");
        assertThat(unauthenticated.size() + limited.size()).isEqualTo(3000);
        // 20 a second from this address (the bucket may be full at the start, and the run lasts a few seconds)
        assertThat(unauthenticated.size()).isLessThanOrEqualTo((int) (20 * (Math.ceil(seconds) + 1)));
        HttpResponse<String> oneLimited = answers.get(limited.get(0));
        assertThat(oneLimited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(oneLimited).path("type").asText()).endsWith("/rate-limited");
        // the WARN lines: one per address per minute, not one per call
        assertThat(lines.list.stream().filter(l -> l.getFormattedMessage().contains("127.0.0.1")).count())
                .isLessThanOrEqualTo(2);

        // once a refusal made after the flood is in the database, all of the flood's rows are there too
        String marker = "flood-marker-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(10)).until(() -> plainGet("/api/v1/evisa/applications/x",
                Map.of("X-Api-Key", "wrong-key", "X-Correlation-Id", marker)).statusCode() == 401);
        await().atMost(Duration.ofSeconds(10)).until(() -> !entries(marker).isEmpty());
        // a refused call leaves one short row without a body; one over its address's rate leaves none
        for (int n : unauthenticated.subList(0, Math.min(20, unauthenticated.size()))) {
            List<MessageLogEntry> rows = entries(flood + n);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).body()).isNull();
            assertThat(rows.get(0).statusCode()).isEqualTo(401);
            assertThat(rows.get(0).faultCode()).isEqualTo("unauthenticated");
        }
        for (int n : limited.subList(0, Math.min(50, limited.size()))) {
            assertThat(entries(flood + n)).isEmpty();
        }
    }

    @Test
    void aBodyThatDoesNotParseIsKeptByItsSizeAndHashOnly() {
        String correlationId = "unparsed-" + UUID.randomUUID();
        String broken = "{\"applicant\":{\"passportNumber\":\"N7654321\",\"surname\":\"KOWALCZYK\",\"givenNames\":\"ZOFIA\"";

        HttpResponse<String> response = post("/api/v1/evisa/applications", broken,
                Map.of("X-Correlation-Id", correlationId));

        assertThat(response.statusCode()).isEqualTo(400);
        List<MessageLogEntry> rows = await().atMost(Duration.ofSeconds(10)).until(() -> entries(correlationId),
                r -> r.stream().anyMatch(e -> e.direction() == MessageLogEntry.Direction.IN));
        MessageLogEntry in = rows.stream().filter(e -> e.direction() == MessageLogEntry.Direction.IN).findFirst().orElseThrow();
        ReliabilityLedger.attack(AREA, "personal data in a body that does not parse", 1, in.body() == null ? 0 : 1,
                "the message log keeps its size and hash only");
        assertThat(in.body()).isNull();
        assertThat(in.size()).isEqualTo(broken.getBytes(StandardCharsets.UTF_8).length);
        assertThat(in.bodyHash()).hasSize(64);
        assertThat(rows).extracting(MessageLogEntry::body)
                .noneMatch(b -> b != null && (b.contains("7654321") || b.contains("KOWALCZYK") || b.contains("ZOFIA")));
    }

    private List<MessageLogEntry> entries(String correlationId) {
        return store.byCorrelation(correlationId).stream().map(MessageLogStore.Row::entry).toList();
    }

    /** A GET with exactly the headers given (no key added), answered within 10 s or failing. */
    private HttpResponse<String> plainGet(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(path + ": no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How a slow request ended: the status answered (0: closed without an answer), how long after it was opened. */
    record End(int status, Duration after, String answer) {
    }

    /**
     * Slow clients on raw sockets, driven by one thread: each sends its head, then its body a byte at a time, and
     * its end is noted (an answer's status line, or the connection closed). Everything is closed at the end.
     */
    static final class SlowClients implements AutoCloseable {

        private final int port;
        private final byte[] head;
        private final int count;
        private final Duration openEvery;
        private final Duration dripEvery;
        private final Selector selector;
        private final List<Client> clients = new ArrayList<>();
        final Map<Integer, End> ends = new ConcurrentHashMap<>();

        SlowClients(int port, String head, int count, Duration openEvery, Duration dripEvery) throws IOException {
            this.port = port;
            this.head = head.getBytes(StandardCharsets.ISO_8859_1);
            this.count = count;
            this.openEvery = openEvery;
            this.dripEvery = dripEvery;
            this.selector = Selector.open();
        }

        private final class Client {
            final int id;
            final SocketChannel channel;
            final long opened = System.nanoTime();
            long nextDrip;
            final StringBuilder answer = new StringBuilder();

            Client(int id) throws IOException {
                this.id = id;
                this.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap(head));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, this);
                nextDrip = opened + dripEvery.toNanos();
            }

            void end(int status) {
                if (ends.putIfAbsent(id, new End(status, Duration.ofNanos(System.nanoTime() - opened), answer.toString())) == null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // closed either way
                    }
                }
            }
        }

        /**
         * Opens the clients at their pace and keeps them dripping until each has ended or {@code limit} has passed;
         * {@code whileAllOpen} runs (on another thread) once the last one is open.
         */
        void run(Duration limit, Runnable whileAllOpen) throws Exception {
            long start = System.nanoTime();
            long end = start + limit.toNanos();
            CompletableFuture<Void> check = null;
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (System.nanoTime() < end && ends.size() < count) {
                long now = System.nanoTime();
                if (clients.size() < count && now >= start + clients.size() * openEvery.toNanos()) {
                    clients.add(new Client(clients.size()));
                    if (clients.size() == count) {
                        check = CompletableFuture.runAsync(whileAllOpen);
                    }
                }
                for (Client c : clients) {
                    if (!ends.containsKey(c.id) && now >= c.nextDrip) {
                        c.nextDrip = now + dripEvery.toNanos();
                        try {
                            c.channel.write(ByteBuffer.wrap(new byte[] {' '}));
                        } catch (IOException closed) {
                            c.end(0);
                        }
                    }
                }
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    Client c = (Client) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = c.channel.read(buffer);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n > 0) {
                        c.answer.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                    }
                    String text = c.answer.toString();
                    if (n < 0 || complete(text)) {
                        c.end(text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0);
                    }
                }
                selector.selectedKeys().clear();
            }
            if (check != null) {
                check.get(30, TimeUnit.SECONDS);
            }
        }

        /** Each status seen with its count and the longest time to it. */
        String summary() {
            return ends.values().stream().collect(java.util.stream.Collectors.groupingBy(End::status,
                    java.util.TreeMap::new, java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                            l -> l.size() + " (longest " + l.stream().map(End::after).max(Duration::compareTo).orElseThrow().toMillis() + " ms)")))
                    .toString();
        }

        /** Whether an answer has come whole: its head, and its body by Content-Length or to the last chunk. */
        private static boolean complete(String text) {
            int headEnd = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
                return false;
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                    .matcher(text.substring(0, headEnd));
            return length.find() ? text.length() - headEnd - 4 >= Integer.parseInt(length.group(1)) : text.endsWith("0\r\n\r\n");
        }

        @Override
        public void close() throws IOException {
            for (Client c : clients) {
                c.channel.close();
            }
            selector.close();
        }
    }
}
