package kz.qazeta.hub.operations;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import kz.qazeta.hub.exchange.DeadLetterPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operators' parts alone: what a viewer may call, console passwords, a partner's probe, a dead letter's reason. */
class OperationsPartsTest {

    @Test
    void viewersMayCallOnlyOperationsThatReport() {
        assertThat(List.of("dumpRoutesAsXml()", "dumpRouteStatsAsXml(boolean,boolean)", "browse()", "listMessagesAsJSON(java.lang.String)",
                "countMessages()", "getState", "isStarted", "hasRoute")).allMatch(ConsoleRestrictor::reporting);
        assertThat(List.of("stop()", "start()", "suspend()", "retryMessages()", "retryMessage(long)", "removeAllMessages()",
                "moveMessages(java.lang.String,java.lang.String)", "sendMessage", "reset()", "display()", "listen", "getaway", "browser"))
                .noneMatch(ConsoleRestrictor::reporting);
    }

    @Test
    void consolePasswordsAreKeptOnlyAsHashes() {
        var security = new ConsoleSecurity();
        var hashed = new OperationsSettings(false, Map.of("viewer", new OperationsSettings.Account(
                "{bcrypt}$2a$10$9/.XQFR/FM/RzHRyfEUP5ubCt/Ic5s4X9GR.dqHdZg8FGHdocpg9q", List.of("viewer"))));
        var viewer = security.consoleUsers(hashed).loadUserByUsername("viewer");
        assertThat(security.consolePasswords().matches("sandbox-viewer-password", viewer.getPassword())).isTrue();
        assertThat(viewer.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
        for (String clear : new String[] {"{noop}secret", "secret", ""}) {
            var settings = new OperationsSettings(false, Map.of("op", new OperationsSettings.Account(clear, List.of("operator"))));
            assertThatThrownBy(() -> security.consoleUsers(settings)).hasMessageContaining("password-hash");
        }
    }

    @Test
    void aPartnersProbeTellsAnAnswerFromNoAnswer() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpServer partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/down", exchange -> {
            byte[] body = "partner unavailable".getBytes();
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        partner.start();
        try {
            String base = "http://127.0.0.1:" + partner.getAddress().getPort();
            assertThat(PartnerHealth.reach(http, base + "/api", Duration.ofSeconds(5))).isEqualTo("HTTP 404");
            assertThat(PartnerHealth.reach(http, base + "/down", Duration.ofSeconds(5))).isEqualTo("HTTP 503");
        } finally {
            partner.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(PartnerHealth.reach(http, "http://127.0.0.1:" + closed + "/api", Duration.ofSeconds(1))).startsWith("no answer");
    }

    @Test
    void aDeadLettersReasonNamesTheCauseOnOneBoundedLine() {
        var failure = new IllegalStateException("wrapped", new java.io.IOException("registry down\nsecond line"));
        assertThat(DeadLetterPolicy.reason(failure)).isEqualTo("IllegalStateException caused by java.io.IOException: registry down");
        assertThat(DeadLetterPolicy.reason(new RuntimeException("x".repeat(2000)))).hasSize(503).endsWith("...");
    }
}
