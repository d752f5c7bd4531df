package kz.qazeta.hub.operations;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static kz.qazeta.hub.operations.ConsoleAccessTest.VIEWER;
import static kz.qazeta.hub.operations.ConsoleAccessTest.as;
import static kz.qazeta.hub.operations.ConsoleAttackTest.jolokiaAsked;
import static kz.qazeta.hub.operations.ConsoleAttackTest.proxied;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's protections in the production profile, with nothing but what a deployment must give anyway (its
 * secrets and partners' addresses, here loopback stand-ins; the embedded broker and in-memory databases in place of
 * the real ones): the session cookie is Secure and SameSite=Strict, and the attacks of {@link ConsoleAttackTest}
 * fail the same way, with no switch turned on.
 */
@ActiveProfiles(value = {"production", "test"}, inheritProfiles = false)
class ConsoleProductionProfileTest extends HubTestSupport {

    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final Pattern CARD_URL = Pattern.compile("url: \"\\$\\{([A-Z][A-Z0-9_]*):}\"");
    private static final String VIEWER_HASH = "{bcrypt}$2a$10$9/.XQFR/FM/RzHRyfEUP5ubCt/Ic5s4X9GR.dqHdZg8FGHdocpg9q";

    @DynamicPropertySource
    static void whatADeploymentGives(DynamicPropertyRegistry registry) throws IOException {
        Matcher required = REQUIRED.matcher(Files.readString(Path.of("src/main/resources/application-production.yaml")));
        while (required.find()) {
            String name = required.group(1);
            registry.add(name, () -> standIn(name));
        }
        // the service cards' partners: production has no twins, their URLs come from the environment
        try (var cards = Files.list(Path.of("routes"))) {
            for (Path card : cards.map(folder -> folder.resolve("service.yaml")).filter(Files::isRegularFile).toList()) {
                Matcher partner = CARD_URL.matcher(Files.readString(card));
                while (partner.find()) {
                    String name = partner.group(1);
                    registry.add(name, () -> standIn(name));
                }
            }
        }
        // the infrastructure: the embedded broker for the external one (the databases: application-test.yaml)
        registry.add("spring.artemis.mode", () -> "embedded");
        registry.add("spring.artemis.embedded.enabled", () -> "true");
    }

    private static String standIn(String name) {
        if (name.endsWith("_PASSWORD_HASH")) {
            return VIEWER_HASH;
        }
        if (name.endsWith("_SHA256")) {
            return "0".repeat(64);
        }
        return switch (name) {
            case "QAZETA_DB_USER", "QAZETA_BORDER_DB_USER" -> "sa";
            case "QAZETA_DB_PASSWORD", "QAZETA_BORDER_DB_PASSWORD" -> "";
            case "SPRING_ARTEMIS_USER" -> "hub";
            case "SPRING_ARTEMIS_PASSWORD" -> "sandbox-hub-broker-password";
            default -> name.endsWith("_URL") ? "http://127.0.0.1:9/" + name.toLowerCase() : "production-test-" + name;
        };
    }

    @Test
    void theSessionCookieIsSecureAndTheConsoleKeepsItsWalls(@TempDir Path dir) throws Exception {
        // every console user's password is the viewer's here (the hashes a deployment gives)
        ConsoleAttackTest.Browser viewer = ConsoleAttackTest.Browser.signedIn("viewer", "sandbox-viewer-password");
        assertThat(viewer.signedInCookies).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=")
                .containsIgnoringCase("; Secure").containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly"));

        // no heap dump
        Path dump = dir.resolve("stolen.hprof");
        assertThat(jolokiaAsked(VIEWER, """
                {"type":"exec","mbean":"com.sun.management:type=HotSpotDiagnostic","operation":"dumpHeap","arguments":["%s",true]}"""
                .formatted(dump)).path("status").asInt()).isEqualTo(403);
        assertThat(dump).doesNotExist();

        // no proxy: neither a stub deserialized nor a port knocked on
        ConsoleAttackTest.CANARY_DESERIALIZED.set(false);
        jolokiaAsked(VIEWER, proxied("service:jmx:rmi:///stub/" + java.util.Base64.getEncoder()
                .encodeToString(ConsoleAttackTest.serialized(new ConsoleAttackTest.Canary()))));
        assertThat(ConsoleAttackTest.CANARY_DESERIALIZED).isFalse();
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger knocks = new AtomicInteger();
            Thread doorman = new Thread(() -> {
                while (!listening.isClosed()) {
                    try (Socket knocked = listening.accept()) {
                        knocks.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            doorman.setDaemon(true);
            doorman.start();
            jolokiaAsked(VIEWER, proxied("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + listening.getLocalPort() + "/jmxrmi"));
            assertThat(knocks).hasValue(0);
        }

        // no answer to a foreign page
        HttpResponse<String> foreign = as(VIEWER, "POST", "/actuator/jolokia",
                ConsoleAccessTest.read("java.lang:type=Memory", "HeapMemoryUsage"),
                Map.of("Content-Type", "application/json", "Origin", "https://attacker.example"));
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(ConsoleAttackTest.refused(foreign)).isTrue();

        // guessing locks
        for (int i = 1; i <= 5; i++) {
            assertThat(as("operator:guess-" + i, "GET", "/actuator/jolokia/version", null, Map.of()).statusCode()).isEqualTo(401);
        }
        assertThat(as("operator:sandbox-viewer-password", "GET", "/actuator/jolokia/version", null, Map.of()).statusCode())
                .isEqualTo(401);

        // health without a login: the status only
        HttpResponse<String> health = as(null, "GET", "/actuator/health", null, Map.of());
        assertThat(health.body()).contains("\"status\"").doesNotContain("components", "invitation-registry");
        assertThat(as(null, "GET", "/actuator/info", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(as(null, "GET", "/actuator/health/liveness", null, Map.of()).statusCode()).isEqualTo(200);
    }
}
