package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import kz.qazeta.hub.HubLauncher;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub of the dev profile (route files reloaded when saved) with a templated route: a save with a misspelled
 * template parameter is refused with file:line and the route as it was goes on serving; the corrected save is taken
 * up, templated route included. A real hub process, called over HTTP as the front door calls it.
 */
class RouteReloadTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ENDPOINT = "- templatedRoute:\n    routeTemplateRef: front-door-endpoint\n"
            + "    routeId: insurance-list-policies-endpoint\n";
    private static final String HANDLER = "{name: handler, value: \"direct:insurance-list-policies\"}";

    private HubLauncher hub;
    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        // what the hub logged, kept for whoever reads a failure
        Files.copy(hub.out(), Path.of("target", "RouteReloadTest-hub.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        hub.delete();
    }

    @Test
    void aSaveWithAMisspelledParameterIsRefusedAndTheCorrectedSaveIsTakenUp() throws Exception {
        hub = HubLauncher.withHubFiles();
        // the handler the corrected file will name, there from the start
        Path probe = hub.routes().resolve("reload-probe.camel.yaml");
        Files.writeString(probe, PROBE);
        Path insurance = hub.routes().resolve("insurance/insurance.camel.yaml");
        String original = Files.readString(insurance);
        assertThat(original).contains(ENDPOINT);
        int port = HubLauncher.freePort();
        process = hub.start(port, "sandbox,test,dev");
        Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .failFast("the hub process ended", () -> !process.isAlive())
                .until(() -> listPolicies(port).statusCode() == 200);
        assertThat(listPolicies(port).body()).isEqualTo("[]");

        // the handler parameter misspelled, and pointed at the probe
        String misspelled = endpointHandler(original, "{name: handlr, value: \"direct:reload-probe\"}");
        int line = lineOf(misspelled, "name: handlr");
        Files.writeString(insurance, misspelled);

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).contains(insurance + ":" + line
                        + ": the templatedRoute insurance-list-policies-endpoint gives the parameter 'handlr', which the"
                        + " route template front-door-endpoint does not have"));
        assertThat(Files.readString(hub.out())).contains("Route file not reloaded, its routes run on as they were");
        HttpResponse<String> stillServed = listPolicies(port);
        assertThat(stillServed.statusCode()).as(stillServed.body()).isEqualTo(200);
        assertThat(stillServed.body()).isEqualTo("[]");

        // corrected
        Files.writeString(insurance, endpointHandler(original, "{name: handler, value: \"direct:reload-probe\"}"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> listPolicies(port).body().contains("\"handledBy\""));
        HttpResponse<String> renewed = listPolicies(port);
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.body()).isEqualTo("{\"handledBy\": \"reload-probe\"}");

        // a plain route saved naming a mapping that is not there: Camel itself would load it (and fail on use), the
        // check refuses it, and the route as it was answers on
        String broken = PROBE.replace("reload-probe\"}", "changed\"}") + """
                        - to:
                            uri: "xslt-saxon:resource:mapping:no-such-mapping.xsl"
                """;
        Files.writeString(probe, broken);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).contains(probe + ":" + lineOf(broken, "no-such-mapping")
                        + ": names the mapping no-such-mapping.xsl"));
        // and goes on answering (an unchecked reload beside the checked one would have changed it by now)
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> listPolicies(port).body(), body -> body.equals("{\"handledBy\": \"reload-probe\"}"));
    }

    /** A route the corrected templated route hands its requests to, there from the start. */
    private static final String PROBE = """
            - route:
                id: reload-probe
                description: Answers what a reloaded templated route hands it to
                from:
                  uri: direct:reload-probe
                  steps:
                    - setBody:
                        constant: '{"handledBy": "reload-probe"}'
            """;

    private static HttpResponse<String> listPolicies(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/v1/insurance/policies?applicationId=none"))
                        .header("X-Api-Key", "sandbox-front-door-key").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The file with the handler parameter of insurance-list-policies-endpoint replaced (the other endpoints keep theirs). */
    private static String endpointHandler(String file, String parameter) {
        int at = file.indexOf(ENDPOINT);
        int handler = file.indexOf(HANDLER, at);
        return file.substring(0, handler) + parameter + file.substring(handler + HANDLER.length());
    }

    private static int lineOf(String text, String part) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(part);
    }
}
