package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.HubApplication;


/**
 * The hub as a real process of its own (the test JVM's classpath, {@link HubApplication} as main class), on files
 * of its own (H2 and the broker's journal in {@code data}), so that it can be killed with SIGKILL, not stopped, and
 * started again on what it left. Talks to it as the front door does.
 */
final class HubProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A start on a busy two-core machine can take minutes. */
    static final Duration START = Duration.ofMinutes(Integer.getInteger("reliability.start-minutes", 8));

    private final Process process;
    private final int port;
    private final Path log;

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the sandbox hub on {@code port} over the files in {@code data} and waits until it answers. */
    static HubProcess start(Path data, int port, String name, String... settings) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HubApplication.class.getName(),
                "--spring.profiles.active=sandbox,test",
                "--server.port=" + port,
                "--qazeta.data-dir=" + data,
                // the databases on files, as application.yaml has them (the test profile has them in memory)
                "--spring.datasource.url=jdbc:h2:file:" + data + "/h2/hub;WRITE_DELAY=0",
                "--qazeta.sandbox.database-url=jdbc:h2:file:" + data + "/h2/sandbox;WRITE_DELAY=0",
                "--camel.main.jmx-enabled=false"));
        command.addAll(List.of(settings));
        Path log = data.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HubProcess hub = new HubProcess(process, port, log);
        try {
            // a failed start can leave the JVM running on its non-daemon threads: no use waiting for it
            org.awaitility.Awaitility.await().atMost(START).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .failFast("the hub process ended or failed to start: see " + log, () -> !process.isAlive()
                            || Files.readString(log).contains("APPLICATION FAILED TO START"))
                    // the e-Visa's own answer, not the web server's 404 of a route not yet there
                    .until(() -> hub.get("/api/v1/evisa/applications/none").path("type").asText()
                            .endsWith("/application-not-found"));
        } catch (RuntimeException notStarted) {
            process.destroyForcibly();
            throw new IllegalStateException("the hub did not start; its log: " + tail(log), notStarted);
        }
        return hub;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, no flushing; whatever was in flight is cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    int port() {
        return port;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode await(String path, Predicate<JsonNode> condition, Duration patience) {
        return org.awaitility.Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> get(path), condition::test);
    }

    String logTail() {
        return tail(log);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", "sandbox-front-door-key");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
