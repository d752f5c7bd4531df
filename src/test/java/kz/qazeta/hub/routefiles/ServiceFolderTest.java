package kz.qazeta.hub.routefiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.HubLauncher;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new service added to a running hub as a folder of files, with no Java and no rebuild, as docs/integration-developers.md
 * tells a newcomer to: the fixture {@code src/test/resources/service-folder/vaccination} (a front-door service calling
 * a REST partner the hub has never heard of) is copied into the routes of a hub process of the dev profile, while
 * the partner runs as a process of its own ({@code HealthRegistry.java}, sharing nothing with the hub). Then its
 * contract is published and listed, a valid call reaches the partner with the correlation id and comes back, an
 * invalid one is a 400 naming the field in kk/ru/en with the service's own texts, the message log masks the
 * partner's own personal-data fields, and a broken file (a misspelled step, a template parameter its template does not
 * have, a template with no parameter sheet) is refused at its line while the service goes on answering.
 */
class ServiceFolderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = Path.of("src/test/resources/service-folder");
    private static final String FRONT_DOOR = "sandbox-front-door-key";
    private static final String OPERATOR = "sandbox-operator-key";
    private static final String VALID = """
            {"certificate":{"number":"VC-12345678","issuedYear":2024},
             "holder":{"nationalId":"900101300123","fullName":"AIGERIM SADYKOVA"}}""";

    private HubLauncher hub;
    private Process process;
    private Process partner;

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {process, partner}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        if (hub != null) {
            Files.copy(hub.out(), Path.of("target", "ServiceFolderTest-hub.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            hub.delete();
        }
    }

    @Test
    void aServiceFolderCopiedIntoARunningHubIsServedWithItsContractTextsPartnerAndMasks() throws Exception {
        int registry = startPartner();
        hub = HubLauncher.withHubFiles();
        int port = HubLauncher.freePort();
        process = hub.start(port, "sandbox,test,dev", "--qazeta.test.health-registry-url=http://127.0.0.1:" + registry);
        Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .failFast("the hub process ended", () -> !process.isAlive())
                .until(() -> get(port, "/actuator/health/readiness", FRONT_DOOR).statusCode() == 200);
        // before: no such service, so no partner may use it
        assertThat(post(port, "/api/v1/vaccination/checks", VALID, Map.of()).statusCode()).isEqualTo(403);

        // the folder copied in, as a developer would: no Java, no build
        Path folder = hub.routes().resolve("vaccination");
        FileSystemUtils.copyRecursively(FIXTURE.resolve("vaccination"), folder);

        // discovery lists it with its contract, which is published
        JsonNode listed = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> service(port, "vaccination"), s -> !s.isMissingNode());
        assertThat(listed.path("contract").asText()).isEqualTo("/api/v1/openapi/vaccination.yaml");
        HttpResponse<String> contract = get(port, "/api/v1/openapi/vaccination.yaml", FRONT_DOOR);
        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.body()).isEqualTo(Files.readString(folder.resolve("contract/vaccination.yaml")));

        // a valid call reaches the partner with the correlation id, and its answer comes back
        String correlationId = "service-folder-" + UUID.randomUUID();
        HttpResponse<String> checked = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(port, "/api/v1/vaccination/checks", VALID, Map.of("X-Correlation-Id", correlationId)),
                        r -> r.statusCode() != 404);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(checked.body());
        assertThat(answer.path("certificate").path("number").asText()).isEqualTo("VC-12345678");
        assertThat(answer.path("valid").asBoolean()).isTrue();
        assertThat(answer.path("vaccine").asText()).isEqualTo("MMR");
        JsonNode received = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry + "/received"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(received.findValuesAsText("correlationId")).containsExactly(correlationId);
        assertThat(JSON.readTree(received.path(0).path("body").asText()).path("nationalId").asText()).isEqualTo("900101300123");

        // an invalid one: a 400 naming the field, in the caller's language, with the service's own texts
        String badNumber = VALID.replace("VC-12345678", "12345678");
        Map<String, String> texts = Map.of(
                "kk", "certificate.number өрісі VC-12345678 түріндегі сертификат нөмірі болуы керек.",
                "ru", "Поле certificate.number должно быть номером сертификата вида VC-12345678.",
                "en", "The field certificate.number must be a certificate number such as VC-12345678.");
        for (String language : List.of("kk", "ru", "en")) {
            HttpResponse<String> refused = post(port, "/api/v1/vaccination/checks", badNumber, Map.of("Accept-Language", language));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(refused.body()).path("errors").path(0);
            assertThat(error.path("field").asText()).isEqualTo("certificate.number");
            assertThat(error.path("message").asText()).isEqualTo(texts.get(language));
        }
        // and one the contract's schema refuses (the hub's own texts)
        HttpResponse<String> missing = post(port, "/api/v1/vaccination/checks", "{\"certificate\":{\"number\":\"VC-12345678\",\"issuedYear\":2024}}", Map.of());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("errors").findValuesAsText("field")).containsExactly("holder");

        // the message log: the partner's own personal-data fields masked both ways, the hops under its name
        JsonNode hops = JSON.readTree(get(port, "/api/v1/admin/exchanges/" + correlationId, OPERATOR).body()).path("hops");
        assertThat(hops.findValuesAsText("partner")).contains("qazeta-front-door", "health-registry");
        assertThat(hops.toString()).doesNotContain("900101300123").doesNotContain("AIGERIM").contains("9***********");

        // only its callers may use it
        assertThat(post(port, "/api/v1/vaccination/checks", VALID, Map.of("X-Api-Key", OPERATOR)).statusCode()).isEqualTo(403);

        // a broken file saved into the folder is refused at its line; the service answers on as before
        Path route = folder.resolve("vaccination.camel.yaml");
        String original = Files.readString(route);
        String broken = original.replace("            name: checkId", "            nam: checkId");
        Files.writeString(route, broken);
        // the finding names the step whose property is misspelled: the setProperty line above it
        int line = broken.lines().toList().indexOf("            nam: checkId");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).contains(route + ":" + line + ": not allowed by Camel's YAML DSL"));
        assertThat(Files.readString(hub.out())).contains("Route file not reloaded, its routes run on as they were");
        HttpResponse<String> still = post(port, "/api/v1/vaccination/checks", VALID, Map.of());
        assertThat(still.statusCode()).as(still.body()).isEqualTo(201);

        // a templated route given a parameter its template does not have: refused at its line, as at start-up
        String given = "      - {name: partner, value: health-registry}";
        String extra = original.replace(given, given + "\n      - {name: retries, value: \"3\"}");
        Files.writeString(route, extra);
        int extraLine = extra.lines().toList().indexOf("      - {name: retries, value: \"3\"}") + 1;
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).contains(route + ":" + extraLine
                        + ": the templatedRoute health-registry-verify gives the parameter 'retries'"));
        // a template of the service's own with no parameter sheet beside it: not loaded
        Path templates = folder.resolve("vaccination-templates.camel.yaml");
        Files.writeString(templates, """
                # a template of the service's own
                - routeTemplate:
                    id: vaccination-log
                    parameters:
                      - name: text
                        description: what is logged
                    route:
                      from:
                        uri: "direct:vaccination-log-{{text}}"
                        steps:
                          - log:
                              message: "{{text}}"
                """);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).contains(templates
                        + ":2: its route templates [vaccination-log] have no parameter sheet vaccination-templates.parameters.yaml"));
        assertThat(Files.readString(hub.out())).contains("Route file not loaded");
        // saved again (now a changed file, not a new one): refused the same way
        String sheetless = templates + ":2: its route templates [vaccination-log] have no parameter sheet";
        Files.writeString(templates, Files.readString(templates).replace("what is logged", "the text logged"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).split(Pattern.quote(sheetless), -1).length - 1 >= 2);
        assertThat(post(port, "/api/v1/vaccination/checks", VALID, Map.of()).statusCode()).isEqualTo(201);

        // a broken service.yaml too: refused at its line, the service served as before
        Path card = folder.resolve("service.yaml");
        Files.writeString(card, Files.readString(card).replace("callers: [qazeta-front-door]", "callers: [qazeta-front-door]\nowner: nobody"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(hub.out()).contains("Service folder not taken up"));
        assertThat(Files.readString(hub.out())).contains(card + ":").contains("owner");
        assertThat(post(port, "/api/v1/vaccination/checks", VALID, Map.of()).statusCode()).isEqualTo(201);
    }

    /** The health registry as a process of its own, on a port it chooses and prints. */
    private int startPartner() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        partner = new ProcessBuilder(java, FIXTURE.resolve("partner/HealthRegistry.java").toString(), "0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(partner.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the partner's first line").startsWith("listening on ");
        return Integer.parseInt(line.substring("listening on ".length()).strip());
    }

    private static JsonNode service(int port, String id) throws IOException, InterruptedException {
        for (JsonNode service : JSON.readTree(get(port, "/api/v1/services", FRONT_DOOR).body()).path("services")) {
            if (service.path("id").asText().equals(id)) {
                return service;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static HttpResponse<String> get(int port, String path, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("X-Api-Key", key)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Api-Key", FRONT_DOOR).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
