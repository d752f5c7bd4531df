// The load of scripts/cluster-run, a process of its own (a single-file program on the JDK alone):
//   load <front-url> <twins-url> <run> <rate-per-s> <seconds> <give-up-s> <out-dir>
//       e-Visa applications at a steady rate through the front URL (HAProxy), each on an invitation of its own that
//       the police twin registers first; the payment twin pays at once (qazeta.sandbox.payment-gateway.pay-at-once).
//       A submission that fails (no answer, 5xx, 429) is sent again every half second with the same Idempotency-Key,
//       as the front door would, until it is accepted or give-up-s have passed. Writes <out-dir>/attempts.csv (one
//       line per attempt) and <out-dir>/applications.csv (one per application); prints progress every 5 s and a last
//       line "LOAD key=value ...".
//   recovery <dir>
//       reads those files, <dir>/events.csv (what was killed when) and <dir>/outcomes.csv (each application's final
//       status and the time it was ISSUED, from the database) and prints, as Markdown table rows, how the load fared
//       after each event.
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ClusterLoad {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final String FRONT_DOOR_KEY = "sandbox-front-door-key";

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "load" -> new ClusterLoad(args).load();
            case "recovery" -> recovery(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: load <front> <twins> <run> <rate> <seconds> <give-up-s> <dir>"
                    + " | recovery <dir>; got " + Arrays.toString(args));
        }
    }

    // --- load ------------------------------------------------------------------------------------------------------

    final String front;
    final String twins;
    final String run;
    final double rate;
    final int seconds;
    final long giveUpMs;
    final Path dir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    /** Failed attempts since the last progress line, by status (0: no answer). */
    final Map<Integer, AtomicInteger> recentFailures = new ConcurrentHashMap<>();
    final AtomicInteger recentAttempts = new AtomicInteger();
    PrintWriter attempts;
    PrintWriter applications;

    final String today = LocalDate.now(ZoneOffset.UTC).toString();
    final String entry = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    final String validUntil = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
    final String passportExpiry = LocalDate.now(ZoneOffset.UTC).plusYears(6).withDayOfYear(1).toString();

    ClusterLoad(String[] args) {
        front = args[1];
        twins = args[2];
        run = args[3];
        rate = Double.parseDouble(args[4]);
        seconds = Integer.parseInt(args[5]);
        giveUpMs = Long.parseLong(args[6]) * 1000;
        dir = Path.of(args[7]);
    }

    void load() throws Exception {
        Files.createDirectories(dir);
        attempts = new PrintWriter(Files.newBufferedWriter(dir.resolve("attempts.csv")));
        applications = new PrintWriter(Files.newBufferedWriter(dir.resolve("applications.csv")));
        attempts.println("index,start_ms,end_ms,status");
        applications.println("index,invitation,first_ms,first_status,attempts,accepted_ms,last_status,application_id");
        int count = (int) Math.round(rate * seconds);
        ExecutorService workers = Executors.newCachedThreadPool();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long t0 = System.currentTimeMillis();
        clock.scheduleAtFixedRate(() -> progress(t0), 5, 5, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            int index = i;
            long due = Math.round(i * 1000.0 / rate);
            clock.schedule(() -> workers.execute(() -> application(index)), due, TimeUnit.MILLISECONDS);
        }
        // every submission has been started after the load's seconds; then each may retry for up to give-up-s
        Thread.sleep(seconds * 1000L + 200);
        clock.shutdown();
        clock.awaitTermination(10, TimeUnit.SECONDS);
        workers.shutdown();
        workers.awaitTermination(giveUpMs + 120_000, TimeUnit.MILLISECONDS);
        progress(t0);
        attempts.close();
        applications.close();
        System.out.printf("LOAD submitted=%d accepted=%d refused=%d unanswered=%d seconds=%d rate=%s%n", started.get(),
                accepted.get(), refused.get(), unanswered.get(), seconds, rate);
    }

    void progress(long t0) {
        StringBuilder failures = new StringBuilder();
        new TreeMap<>(recentFailures).forEach((status, n) -> {
            int seen = n.getAndSet(0);
            if (seen > 0) {
                failures.append(' ').append(status == 0 ? "no-answer" : status).append('x').append(seen);
            }
        });
        System.out.printf("[load +%3ds] started %d, accepted %d, refused %d, gave up %d; last 5 s: %d attempts, failed:%s%n",
                (System.currentTimeMillis() - t0) / 1000, started.get(), accepted.get(), refused.get(), unanswered.get(),
                recentAttempts.getAndSet(0), failures.length() == 0 ? " none" : failures);
        System.out.flush();
    }

    /** One application: its invitation registered, then submitted until accepted (or refused, or given up). */
    void application(int index) {
        started.incrementAndGet();
        String invitation = "INV-" + run + "-" + index;
        String passport = "P" + run + index;
        register(invitation, passport);
        String body = ("{\"applicant\":{\"passportNumber\":\"%s\",\"passportType\":\"ORDINARY\",\"nationality\":\"JAM\","
                + "\"surname\":\"BROWN\",\"givenNames\":\"ALEX\",\"dateOfBirth\":\"1990-05-17\",\"sex\":\"M\","
                + "\"passportExpiry\":\"%s\"},\"category\":\"B12\",\"invitationNumber\":\"%s\",\"intendedEntryDate\":\"%s\","
                + "\"arrivalAirport\":\"ALA\"}").formatted(passport, passportExpiry, invitation, entry);
        HttpRequest request = HttpRequest.newBuilder(URI.create(front + "/api/v1/evisa/applications"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-Api-Key", FRONT_DOOR_KEY).header("X-Correlation-Id", "cluster-" + run + "-" + index)
                .header("Idempotency-Key", "cluster-" + run + "-" + index)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long first = System.currentTimeMillis();
        int firstStatus = -1;
        int status;
        int tries = 0;
        String id = "";
        long acceptedAt = 0;
        while (true) {
            long start = System.currentTimeMillis();
            tries++;
            String answer = "";
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long end = System.currentTimeMillis();
            recentAttempts.incrementAndGet();
            synchronized (attempts) {
                attempts.printf("%d,%d,%d,%d%n", index, start, end, status);
            }
            if (firstStatus < 0) {
                firstStatus = status;
            }
            if (status == 200 || status == 201 || status == 202) {
                Matcher m = ID.matcher(answer);
                id = m.find() ? m.group(1) : "";
                acceptedAt = end;
                accepted.incrementAndGet();
                break;
            }
            recentFailures.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                // a refusal: sending it again would get the same answer
                refused.incrementAndGet();
                System.out.printf("refused: %s answered %d: %s%n", invitation, status, answer);
                break;
            }
            if (end - first > giveUpMs) {
                unanswered.incrementAndGet();
                break;
            }
            sleep(500);
        }
        synchronized (applications) {
            applications.printf("%d,%s,%d,%d,%d,%d,%d,%s%n", index, invitation, first, firstStatus, tries, acceptedAt,
                    status, id);
        }
    }

    /** The police registers the invitation at the registry twin (the twins are never killed; retried anyway). */
    void register(String invitation, String passport) {
        String body = ("{\"invitationNumber\":\"%s\",\"inviter\":\"TOO Cluster Tours\",\"category\":\"B12\",\"applicant\":"
                + "{\"passportNumber\":\"%s\",\"nationality\":\"JAM\",\"surname\":\"BROWN\",\"givenNames\":\"ALEX\","
                + "\"dateOfBirth\":\"1990-05-17\"},\"validFrom\":\"%s\",\"validUntil\":\"%s\"}")
                .formatted(invitation, passport, today, validUntil);
        HttpRequest request = HttpRequest.newBuilder(URI.create(twins + "/sandbox/police/invitations"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300 || status == 409) {
                    return;
                }
            } catch (IOException e) {
                // the twin is busy: again in a moment
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(500);
        }
        System.out.println("could not register invitation " + invitation + " at the police twin");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- recovery --------------------------------------------------------------------------------------------------

    record Attempt(int index, long start, long end, int status) {
        boolean ok() {
            return status == 200 || status == 201 || status == 202;
        }
    }

    record Application(int index, long first, long accepted, String id) {
    }

    record Event(String name, long at, String detail) {
    }

    /**
     * For each event (a kill, the database cut) until the next one: the submission attempts that failed, when
     * submissions were accepted again, when the first application submitted after it was ISSUED, and how long the
     * applications in flight at that moment took to be ISSUED.
     */
    static void recovery(Path dir) throws IOException {
        List<Attempt> attempts = new ArrayList<>();
        for (String[] f : csv(dir.resolve("attempts.csv"))) {
            attempts.add(new Attempt(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3])));
        }
        List<Application> apps = new ArrayList<>();
        for (String[] f : csv(dir.resolve("applications.csv"))) {
            apps.add(new Application(Integer.parseInt(f[0]), Long.parseLong(f[2]), Long.parseLong(f[5]), f.length > 7 ? f[7] : ""));
        }
        Map<String, Long> issued = new HashMap<>();
        for (String[] f : csv(dir.resolve("outcomes.csv"))) {
            String at = f.length > 2 ? f[2].replace("\"", "") : "";
            if (!at.isBlank()) {
                issued.put(f[0], Long.parseLong(at));
            }
        }
        List<Event> events = new ArrayList<>();
        for (String[] f : csv(dir.resolve("events.csv"))) {
            events.add(new Event(f[0], Long.parseLong(f[1]), f.length > 2 ? f[2] : ""));
        }
        long loadStart = events.stream().filter(e -> e.name().equals("load-started")).mapToLong(Event::at).findFirst().orElse(0);
        List<Event> faults = events.stream().filter(e -> !e.name().startsWith("load-") && !e.name().endsWith("-back")).toList();
        for (int i = 0; i < faults.size(); i++) {
            Event e = faults.get(i);
            long until = i + 1 < faults.size() ? faults.get(i + 1).at() : Long.MAX_VALUE;
            List<Attempt> window = attempts.stream().filter(a -> a.start() >= e.at() - 20_000 && a.start() < until).toList();
            // attempts that were under way or started after the event and failed
            List<Attempt> failed = window.stream().filter(a -> !a.ok() && a.end() >= e.at()).toList();
            String back;
            if (failed.isEmpty()) {
                back = "none failed";
            } else {
                long lastFailedStart = failed.stream().mapToLong(Attempt::start).max().getAsLong();
                back = window.stream().filter(a -> a.ok() && a.start() > lastFailedStart).mapToLong(Attempt::end).min()
                        .stream().mapToObj(t -> seconds(t - e.at())).findFirst().orElse("not within the window");
            }
            Map<Integer, Integer> byStatus = new TreeMap<>();
            failed.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
            StringBuilder statuses = new StringBuilder();
            byStatus.forEach((s, n) -> statuses.append(statuses.length() == 0 ? "" : ", ").append(n).append(" × ")
                    .append(s == 0 ? "no answer" : s));
            String firstIssued = apps.stream().filter(a -> a.first() >= e.at() && issued.containsKey(a.id()))
                    .mapToLong(a -> issued.get(a.id())).min().stream().mapToObj(t -> seconds(t - e.at())).findFirst()
                    .orElse("none");
            List<Application> inFlight = apps.stream().filter(a -> a.accepted() > 0 && a.accepted() < e.at()
                    && (!issued.containsKey(a.id()) || issued.get(a.id()) > e.at())).toList();
            long notIssued = inFlight.stream().filter(a -> !issued.containsKey(a.id())).count();
            String lastOfThem = inFlight.isEmpty() ? "none in flight" : inFlight.size() + ", the last ISSUED after "
                    + inFlight.stream().filter(a -> issued.containsKey(a.id())).mapToLong(a -> issued.get(a.id()) - e.at())
                    .max().stream().mapToObj(ClusterLoad::seconds).findFirst().orElse("-")
                    + (notIssued > 0 ? " (" + notIssued + " never ISSUED)" : "");
            System.out.printf("| %s | +%s | %s | %s | %s | %s | %s |%n", e.name(), seconds(e.at() - loadStart), e.detail(),
                    failed.isEmpty() ? "0" : failed.size() + " (" + statuses + ")", back, firstIssued, lastOfThem);
        }
        // submission to ISSUED, over the whole run
        List<Long> latencies = new ArrayList<>();
        apps.stream().filter(a -> issued.containsKey(a.id())).forEach(a -> latencies.add(issued.get(a.id()) - a.first()));
        latencies.sort(null);
        if (!latencies.isEmpty()) {
            System.out.printf("LATENCY p50_ms=%d p99_ms=%d max_ms=%d issued=%d%n", pct(latencies, 0.50),
                    pct(latencies, 0.99), latencies.get(latencies.size() - 1), latencies.size());
        }
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    static List<String[]> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
    }
}
