package kz.qazeta.hub.operations;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets into the operators' console (Hawtio, Jolokia, the actuator endpoints) and what each may do there: no one
 * without a login, viewers look, operators also act, the metrics user only scrapes; the API keys, SOAP and the
 * sandbox are left as they were.
 */
class ConsoleAccessTest extends ConsoleTestSupport {

    static final String OPERATOR = "operator:sandbox-operator-password";
    static final String VIEWER = "viewer:sandbox-viewer-password";
    static final String METRICS = "metrics:sandbox-metrics-password";
    static String managementName;

    @Autowired
    private CamelContext camel;

    @BeforeEach
    void findThisHubsMBeans() {
        managementName = camel.getManagementName();
    }

    @Test
    void nobodyGetsInWithoutSigningIn() {
        HttpResponse<String> console = as(null, "GET", "/actuator/hawtio/", null, Map.of("Accept", "text/html"));
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        for (String path : new String[] {"/actuator/jolokia", "/actuator/prometheus", "/actuator/metrics",
                "/actuator/hawtio/jolokia/version", "/actuator"}) {
            assertThat(as(null, "GET", path, null, Map.of()).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(as("viewer:wrong-password", "GET", "/actuator/jolokia/version", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(as("nobody:sandbox-viewer-password", "GET", "/actuator/jolokia/version", null, Map.of()).statusCode()).isEqualTo(401);
        // a Jolokia POST without the login's CSRF token (a foreign page in the operator's browser) is refused
        assertThat(as(null, "POST", "/actuator/jolokia", "{\"type\":\"version\"}", Map.of()).statusCode()).isIn(401, 403);

        // the probes stay open, without details; the login form is there
        HttpResponse<String> health = as(null, "GET", "/actuator/health", null, Map.of());
        assertThat(json(health).path("components").path("partners").path("components").path("invitation-registry")
                .path("details").isMissingNode()).isTrue();
        assertThat(as(null, "GET", "/actuator/health/liveness", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(as(null, "GET", "/login", null, Map.of()).body()).contains("name=\"username\"", "name=\"password\"");
    }

    @Test
    void theRestOfTheHubKeepsItsOwnGates() {
        // the API: PartnerGate's keys, its own 401 problem, untouched by the console's login
        HttpResponse<String> noKey = as(null, "GET", "/api/v1/services", null, Map.of());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(as(null, "GET", "/api/v1/services", null, Map.of("X-Api-Key", FRONT_DOOR_KEY)).statusCode()).isEqualTo(200);
        // a console login is no API key
        assertThat(as(OPERATOR, "GET", "/api/v1/admin/dead-letters", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(as(null, "GET", "/api/v1/admin/dead-letters", null, Map.of("X-Api-Key", OPERATOR_KEY)).statusCode()).isEqualTo(200);
        // SOAP contracts and the sandbox's desks as before
        assertThat(as(null, "GET", "/services/sandbox/police/invitation-registry?wsdl", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(as(null, "GET", "/sandbox/police/invitations", null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aViewerLooksButMayNotStopStartOrReplay() {
        assertThat(jolokia(VIEWER, read(route("evisa-check-invitation"), "State")).path("value").asText()).isEqualTo("Started");
        assertThat(jolokia(VIEWER, exec(camelContext(), "dumpRoutesAsXml()"))
                .path("value").asText()).contains("evisa-check-invitation");

        JsonNode stop = jolokia(VIEWER, exec(route("evisa-check-invitation"), "stop()"));
        assertThat(stop.path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(VIEWER, read(route("evisa-check-invitation"), "State")).path("value").asText()).isEqualTo("Started");

        String dlq = deadLetterQueueMBean("DLQ.hub.eta");
        assertThat(jolokia(VIEWER, exec(dlq, "countMessages()")).path("status").asInt()).isEqualTo(200);
        assertThat(jolokia(VIEWER, exec(dlq, "retryMessages()")).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(VIEWER, exec(dlq, "removeAllMessages()")).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(VIEWER, """
                {"type":"write","mbean":"%s","attribute":"Tracing","value":true}""".formatted(
                route("evisa-check-invitation").replace("\"", "\\\""))).path("status").asInt()).isEqualTo(403);
    }

    @Test
    void anOperatorStopsStartsAndReplays() {
        String route = route("message-log-archive");
        assertThat(jolokia(OPERATOR, exec(route, "stop()")).path("status").asInt()).isEqualTo(200);
        assertThat(jolokia(OPERATOR, read(route, "State")).path("value").asText()).isEqualTo("Stopped");
        assertThat(jolokia(OPERATOR, exec(route, "start()")).path("status").asInt()).isEqualTo(200);
        assertThat(jolokia(OPERATOR, read(route, "State")).path("value").asText()).isEqualTo("Started");
        // Artemis' retry on a dead-letter queue, as Hawtio's Artemis view calls it
        JsonNode retried = jolokia(OPERATOR, exec(deadLetterQueueMBean("DLQ.hub.eta"), "retryMessages()"));
        assertThat(retried.path("status").asInt()).isEqualTo(200);
        assertThat(retried.path("value").asInt()).isZero();
        // but not as a GET link, which any page could make a signed-in browser follow
        HttpResponse<String> link = as(OPERATOR, "GET", "/actuator/jolokia/exec/" + route.replace("\"", "%22") + "/stop()", null, Map.of());
        assertThat(json(link).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(OPERATOR, read(route, "State")).path("value").asText()).isEqualTo("Started");
    }

    @Test
    void theMetricsUserOnlyScrapes() {
        assertThat(as(METRICS, "GET", "/actuator/prometheus", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(as(METRICS, "GET", "/actuator/jolokia/version", null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(as(METRICS, "GET", "/actuator/hawtio/", null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(as(VIEWER, "GET", "/actuator/prometheus", null, Map.of()).statusCode()).isEqualTo(200);
    }

    // --- helpers ---

    static String read(String mbean, String attribute) {
        return """
                {"type":"read","mbean":"%s","attribute":"%s"}""".formatted(mbean.replace("\"", "\\\""), attribute);
    }

    static String exec(String mbean, String operation) {
        return """
                {"type":"exec","mbean":"%s","operation":"%s"}""".formatted(mbean.replace("\"", "\\\""), operation);
    }

    /** A route's MBean in this hub's Camel context (each hub in the test JVM has a name of its own). */
    static String route(String id) {
        return "org.apache.camel:context=%s,type=routes,name=\"%s\"".formatted(managementName, id);
    }

    static String camelContext() {
        return "org.apache.camel:context=%s,type=context,name=\"qazeta-hub\"".formatted(managementName);
    }

    /** The Artemis MBean of a dead-letter queue, found as Hawtio finds it. */
    static String deadLetterQueueMBean(String queue) {
        JsonNode found = jolokia(VIEWER, """
                {"type":"search","mbean":"org.apache.activemq.artemis:queue=\\"%s\\",subcomponent=queues,*"}""".formatted(queue));
        assertThat(found.path("value").size()).as(found.toString()).isEqualTo(1);
        return found.path("value").get(0).asText();
    }

    static JsonNode jolokia(String user, String request) {
        HttpResponse<String> response = as(user, "POST", "/actuator/jolokia", request, Map.of("Content-Type", "application/json"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static HttpResponse<String> as(String user, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
