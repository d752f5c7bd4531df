package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.StartedHub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hub processes that share the election's lock directory: exactly one runs the singleton work (the resume
 * pollers, the message-log archiver), and when it dies by SIGKILL the other takes the work over.
 */
@Tag("reliability")
class SingletonWorkTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEWER = "Basic " + Base64.getEncoder()
            .encodeToString("viewer:sandbox-viewer-password".getBytes(StandardCharsets.UTF_8));

    @Test
    void oneInstanceRunsTheSingletonWorkAndAnotherTakesItOverWhenItDies() throws Exception {
        Path election = Files.createTempDirectory("qazeta-cluster-election");
        try (HubProcess first = HubProcess.start(Files.createTempDirectory("qazeta-hub-a"), StartedHub.freePort(), "hub-a",
                "--qazeta.cluster.file-root=" + election);
             HubProcess second = HubProcess.start(Files.createTempDirectory("qazeta-hub-b"), StartedHub.freePort(), "hub-b",
                     "--qazeta.cluster.file-root=" + election)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> leader(first) || leader(second));
            HubProcess leader = leader(first) ? first : second;
            HubProcess follower = leader == first ? second : first;
            assertThat(leader(follower)).as("two leaders").isFalse();
            assertThat(resumePoller(leader)).isEqualTo("Started");
            assertThat(resumePoller(follower)).isEqualTo("Stopped");

            leader.kill();
            Instant killed = Instant.now();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> leader(follower));
            System.out.println("Singleton work taken over " + Duration.between(killed, Instant.now()).toMillis()
                    + " ms after the leader was killed");
            assertThat(resumePoller(follower)).isEqualTo("Started");
        }
    }

    private static boolean leader(HubProcess hub) throws IOException, InterruptedException {
        return health(hub).path("details").path("leader").asBoolean();
    }

    private static JsonNode health(HubProcess hub) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + hub.port() + "/actuator/health/singletonWork"))
                .header("Authorization", VIEWER).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** The e-Visa resume poller's state on that instance, as its health details show it. */
    private static String resumePoller(HubProcess hub) throws IOException, InterruptedException {
        return health(hub).path("details").path("routes").path("evisa-resume-stalled").asText();
    }
}
