// The JMS side of bench/run, a process of its own (run as a single-file program on the hub's own client jars):
//   events <broker-url> <timeout-s> [hold]  watches the e-Visa status events (the front door's topic) and reports
//                                          what became of every application it saw received
//   plain <broker-url> <messages> <consumers>  plain JMS request/reply on the same broker, persistent and
//                                          transacted, drained the way the hub's issuance exchange is measured
// Prints one line of key=value figures. No assertion: bench/run reads the figures.
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

public class JmsBench {

    static final String USER = System.getenv().getOrDefault("BENCH_BROKER_USER", "hub");
    static final String PASSWORD = System.getenv().getOrDefault("BENCH_BROKER_PASSWORD", "sandbox-hub-broker-password");
    static final Pattern FIELD = Pattern.compile("\"(applicationId|status|at)\":\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "events" -> events(args[1], Integer.parseInt(args[2]), args.length > 3 && args[3].equals("hold"));
            case "plain" -> plain(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(Arrays.toString(args));
        }
    }

    /** One application as its events tell it: when it was received, when it ended, how. */
    static final class Seen {
        volatile long receivedAt;
        volatile long endedAt;
        volatile String end;
        volatile long endedLocally;
    }

    /**
     * Watches qazeta.evisa.status-events. Without "hold": until every application seen RECEIVED has ended (ISSUED,
     * REFUSED, REJECTED) and nothing has happened for 5 s, or the time-out. With "hold" (the issuance twin holding
     * its decisions): first until every one is ISSUANCE_REQUESTED (prints "held N" and waits for the decisions to
     * be released), then times how fast they are ISSUED.
     */
    static void events(String url, int timeoutSeconds, boolean hold) throws Exception {
        Map<String, Seen> apps = new ConcurrentHashMap<>();
        AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        AtomicInteger requested = new AtomicInteger();
        try (Connection connection = new ActiveMQConnectionFactory(url).createConnection(USER, PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic("qazeta.evisa.status-events"));
            consumer.setMessageListener(message -> {
                try {
                    String text = ((TextMessage) message).getText();
                    Matcher m = FIELD.matcher(text);
                    String id = null, status = null, at = null;
                    while (m.find()) {
                        switch (m.group(1)) {
                            case "applicationId" -> id = m.group(2);
                            case "status" -> status = m.group(2);
                            default -> at = m.group(2);
                        }
                    }
                    if (id == null || status == null) {
                        return;
                    }
                    long when = at == null ? System.currentTimeMillis() : java.time.OffsetDateTime.parse(at).toInstant().toEpochMilli();
                    Seen seen = apps.computeIfAbsent(id, k -> new Seen());
                    switch (status) {
                        case "RECEIVED" -> seen.receivedAt = when;
                        case "ISSUANCE_REQUESTED" -> requested.incrementAndGet();
                        case "ISSUED", "REFUSED", "REJECTED" -> {
                            seen.endedAt = when;
                            seen.endedLocally = System.nanoTime();
                            seen.end = status;
                        }
                        default -> { }
                    }
                    lastEvent.set(System.nanoTime());
                } catch (JMSException | RuntimeException e) {
                    System.err.println("unreadable event: " + e);
                }
            });
            connection.start();
            System.out.println("ready");
            System.out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            if (hold) {
                // until every application received is waiting for its decision, and quiet for 3 s
                while (System.nanoTime() < deadline && !(apps.size() > 0 && requested.get() >= apps.size()
                        && System.nanoTime() - lastEvent.get() > TimeUnit.SECONDS.toNanos(3))) {
                    Thread.sleep(200);
                }
                System.out.println("held " + requested.get());
                System.out.flush();
            }
            while (System.nanoTime() < deadline) {
                boolean allEnded = !apps.isEmpty() && apps.values().stream().allMatch(s -> s.end != null);
                if (allEnded && System.nanoTime() - lastEvent.get() > TimeUnit.SECONDS.toNanos(hold ? 1 : 5)) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        List<Seen> all = new ArrayList<>(apps.values());
        List<Seen> issued = all.stream().filter(s -> "ISSUED".equals(s.end)).toList();
        long[] latencies = issued.stream().filter(s -> s.receivedAt > 0).mapToLong(s -> s.endedAt - s.receivedAt).sorted().toArray();
        long firstIssued = issued.stream().mapToLong(s -> s.endedLocally).min().orElse(0);
        long lastIssued = issued.stream().mapToLong(s -> s.endedLocally).max().orElse(0);
        double seconds = (lastIssued - firstIssued) / 1e9;
        long firstReceived = all.stream().filter(s -> s.receivedAt > 0).mapToLong(s -> s.receivedAt).min().orElse(0);
        long lastReceived = all.stream().mapToLong(s -> s.receivedAt).max().orElse(0);
        System.out.printf("received=%d issued=%d other_end=%d unfinished=%d received_span_s=%.1f issued_span_s=%.1f"
                        + " issued_per_s=%.1f p50_ms=%d p99_ms=%d max_ms=%d%n",
                all.stream().filter(s -> s.receivedAt > 0).count(), issued.size(),
                all.stream().filter(s -> s.end != null && !"ISSUED".equals(s.end)).count(),
                all.stream().filter(s -> s.end == null).count(), (lastReceived - firstReceived) / 1000.0, seconds,
                issued.size() > 1 && seconds > 0 ? (issued.size() - 1) / seconds : 0.0,
                percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
    }

    /**
     * Plain JMS on the same broker: the messages are put on a request queue (persistent, each in its own
     * transaction), then answered by {@code consumers} responders (take the request and send the reply in one
     * transaction) and taken from the reply queue by as many consumers (transacted): the replies per second.
     */
    static void plain(String url, int messages, int consumers) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        String body = "{\"applicationReference\":\"%s\",\"holder\":{\"passportNo\":\"N1234567\",\"surname\":\"BROWN\"},"
                + "\"plannedEntry\":\"2027-01-15\",\"category\":\"B12\"}";
        try (Connection connection = factory.createConnection(USER, PASSWORD)) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue requests = session.createQueue("bench.plain.requests." + run);
            Queue replies = session.createQueue("bench.plain.replies." + run);
            MessageProducer producer = session.createProducer(requests);
            for (int i = 0; i < messages; i++) {
                TextMessage request = session.createTextMessage(body.formatted("bench-" + i));
                request.setJMSReplyTo(replies);
                request.setJMSCorrelationID("bench-" + i);
                producer.send(request);
                session.commit();
            }
            CountDownLatch done = new CountDownLatch(messages);
            AtomicLong first = new AtomicLong();
            AtomicLong last = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                threads.add(new Thread(() -> respond(connection, requests)));
                threads.add(new Thread(() -> takeReplies(connection, replies, done, first, last)));
            }
            connection.start();
            threads.forEach(Thread::start);
            boolean drained = done.await(300, TimeUnit.SECONDS);
            threads.forEach(Thread::interrupt);
            double seconds = (last.get() - first.get()) / 1e9;
            System.out.printf("messages=%d drained=%s span_s=%.2f messages_per_s=%.1f%n", messages, drained, seconds,
                    seconds > 0 ? (messages - 1 - done.getCount()) / seconds : 0.0);
            System.exit(0); // the consumer threads are still blocked in receive
        }
    }

    static void respond(Connection connection, Queue requests) {
        try {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(requests);
            MessageProducer producer = session.createProducer(null);
            while (!Thread.currentThread().isInterrupted()) {
                Message request = consumer.receive(1000);
                if (request == null) {
                    continue;
                }
                TextMessage reply = session.createTextMessage("{\"applicationReference\":\"x\",\"outcome\":\"ISSUED\"}");
                reply.setJMSCorrelationID(request.getJMSCorrelationID());
                producer.send(request.getJMSReplyTo(), reply);
                session.commit();
            }
        } catch (JMSException e) {
            if (!Thread.currentThread().isInterrupted()) {
                e.printStackTrace();
            }
        }
    }

    static void takeReplies(Connection connection, Queue replies, CountDownLatch done, AtomicLong first, AtomicLong last) {
        try {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(replies);
            while (!Thread.currentThread().isInterrupted()) {
                Message reply = consumer.receive(1000);
                if (reply == null) {
                    continue;
                }
                session.commit();
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
                done.countDown();
            }
        } catch (JMSException e) {
            if (!Thread.currentThread().isInterrupted()) {
                e.printStackTrace();
            }
        }
    }

    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
