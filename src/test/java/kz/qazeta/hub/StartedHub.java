package kz.qazeta.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub started and stopped by a test itself, on files of its own (H2 and the broker's journal in {@code data}),
 * so a second start finds what the first left: for the restart tests. Talks to it as the front door does.
 */
public final class StartedHub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final int port;

    private StartedHub(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /** Starts the sandbox hub on {@code port} over the files in {@code data}, with any further settings. */
    public static StartedHub start(Path data, int port, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port,
                "--qazeta.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data + "/h2/hub",
                "--qazeta.sandbox.database-url=jdbc:h2:file:" + data + "/h2/sandbox",
                "--camel.main.jmx-enabled=false"));
        args.addAll(List.of(settings));
        // as command-line arguments, so they win over application*.yaml like on a real start
        return new StartedHub(new SpringApplicationBuilder(HubApplication.class).profiles("sandbox", "test")
                .run(args.toArray(String[]::new)), port);
    }

    public JsonNode post(String path, String body) throws IOException, InterruptedException {
        var response = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    public JsonNode put(String path, String body) throws IOException, InterruptedException {
        var response = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(send(HttpRequest.newBuilder(uri(path)).GET()).body());
    }

    /** Polls {@code path} until what it answers satisfies {@code condition}. */
    public JsonNode await(String path, Predicate<JsonNode> condition) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(path), condition::test);
    }

    @Override
    public void close() {
        context.close();
    }

    /** The running hub's beans, for tests that act on its insides (stop its broker, start a held-back twin). */
    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.header("X-Api-Key", "sandbox-front-door-key").build(), HttpResponse.BodyHandlers.ofString());
    }
}
