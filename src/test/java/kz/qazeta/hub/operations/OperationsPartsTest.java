package kz.qazeta.hub.operations;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import com.sun.net.httpserver.HttpServer;
import kz.qazeta.hub.exchange.DeadLetterPolicy;
import org.jolokia.server.core.restrictor.RestrictorFactory;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operators' parts alone: what a viewer may call, console passwords, a partner's probe, a dead letter's reason. */
class OperationsPartsTest {

    @Test
    void viewersMayCallOnlyTheOperationsTheirPolicyLists() throws Exception {
        var viewer = RestrictorFactory.lookupPolicyRestrictor("classpath:/console/jolokia-viewer-access.xml");
        var context = new ObjectName("org.apache.camel:context=hub,type=context,name=\"qazeta-hub\"");
        var queue = new ObjectName("org.apache.activemq.artemis:broker=\"b\",component=addresses,address=\"q\","
                + "subcomponent=queues,routing-type=\"anycast\",queue=\"q\"");
        assertThat(viewer.isOperationAllowed(context, "dumpRoutesAsXml")).isTrue();
        assertThat(viewer.isOperationAllowed(context, "dumpRoutesStatsAsXml")).isTrue();
        assertThat(viewer.isOperationAllowed(queue, "countMessages")).isTrue();
        for (String reporting : new String[] {"browse", "listMessagesAsJSON", "listMessages", "peekFirstMessageAsJSON"}) {
            assertThat(viewer.isOperationAllowed(queue, reporting)).as(reporting).isFalse();
        }
        assertThat(viewer.isOperationAllowed(queue, "retryMessages")).isFalse();
        assertThat(viewer.isOperationAllowed(context, "stop")).isFalse();
        assertThat(viewer.isOperationAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap")).isFalse();
        assertThat(viewer.isAttributeReadAllowed(queue, "FirstMessageAsJSON")).isFalse();
        assertThat(viewer.isAttributeReadAllowed(queue, "MessageCount")).isTrue();
        assertThat(viewer.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(ConsoleRestrictor.withoutSignature("dumpHeap(java.lang.String,boolean)")).isEqualTo("dumpHeap");
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
