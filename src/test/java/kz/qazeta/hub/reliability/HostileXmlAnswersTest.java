package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import kz.qazeta.hub.exchange.messagelog.MessageLogWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile XML where XML enters the hub: in partners' SOAP answers. The police registry (CXF, generated types) and a
 * SOAP insurer (CXF payload, XSLT) answer with external entities reading a file or opening a connection, an external
 * DTD, "billion laughs", very deep nesting, a huge attribute. Each answer is refused as a partner failure: no file is
 * read (its secret appears nowhere: answers, the message log, the applications), no connection is opened (a canary
 * listener counts them), no entity is expanded (the invitation it would have faked does not verify anyone), it
 * takes little time; and once the partner answers properly, every application goes on. Counted in the table.
 */
@Tag("reliability")
class HostileXmlAnswersTest extends FaultyPartnersHub {

    private static final String AREA = "input";
    private static final String SECRET = "QAZETA-SECRET-" + UUID.randomUUID();
    private static Path secretFile;
    private static ServerSocket canary;
    private static final AtomicInteger CANARY_CALLS = new AtomicInteger();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageLogWriter messageLogWriter;

    @Value("${qazeta.partners.circuit.open-seconds}")
    long circuitOpenSeconds;

    @BeforeAll
    static void secretAndCanary() throws IOException {
        secretFile = Files.createTempFile("wt-faults-secret", ".txt");
        Files.writeString(secretFile, SECRET);
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread listener = new Thread(() -> {
            while (!canary.isClosed()) {
                try (Socket ignored = canary.accept()) {
                    CANARY_CALLS.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "xxe-canary");
        listener.setDaemon(true);
        listener.start();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        canary.close();
        Files.deleteIfExists(secretFile);
    }

    @AfterEach
    void partnersAnswerProperlyAgain() {
        REGISTRY.pass();
        INSURER.pass();
    }

    /** The hostile prologs and bodies, each named. {@code %s} in a body is where a string value goes. */
    private static Map<String, String[]> payloads() {
        String canaryUrl = "http://127.0.0.1:" + canary.getLocalPort() + "/evil.dtd";
        Map<String, String[]> payloads = new LinkedHashMap<>();
        payloads.put("external entity reading a file (XXE)", new String[] {XmlBombs.xxeFile(secretFile.toString()), "&xxe;", ""});
        payloads.put("external parameter entity opening a connection", new String[] {XmlBombs.xxeNetwork(canaryUrl), "TOO Tours", ""});
        payloads.put("external DTD", new String[] {XmlBombs.externalDtd(canaryUrl), "TOO Tours", ""});
        payloads.put("entity expansion (billion laughs)", new String[] {XmlBombs.billionLaughsDtd(), "&lol9;", ""});
        payloads.put("very deep nesting (100,000 levels)", new String[] {"", "TOO Tours", XmlBombs.deepNesting(100_000)});
        payloads.put("huge attribute (4 MB)", new String[] {"", "TOO Tours", XmlBombs.hugeAttribute(4 * 1024 * 1024)});
        // harmless XML its contract does not allow (an invitation number over the schema's 40 characters, which JAXB
        // itself would take): refused only because answers are validated against the partner's schema
        payloads.put("a value its contract does not allow", new String[] {"", "TOO Tours", "", "-" + "X".repeat(40)});
        return payloads;
    }

    @Test
    void theRegistrysHostileAnswersVerifyNoOneAndReadNothing() {
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> lostByKind = new LinkedHashMap<>();
        payloads().forEach((kind, payload) -> {
            List<String> lost = new ArrayList<>();
            lostByKind.put(kind, lost);
            // the cases before opened the registry's circuit: once its open time is over, this case's answer is read
            // (not short-circuited), so each case proves what its parser and validation do
            PartnerFaultsTest.sleep(Duration.ofSeconds(circuitOpenSeconds).plusMillis(500));
            String passport = newPassport();
            String invitation = "INV-XML-" + System.nanoTime();
            registerInvitation(invitation, passport, "JAM", "B12");
            // an answer that would verify this very application, if the parser took the DTD in
            REGISTRY.answer(200, "text/xml; charset=UTF-8", registryAnswer(payload, invitation, passport));
            int canaryBefore = CANARY_CALLS.get();
            long started = System.nanoTime();
            var submitted = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), Map.of());
            String id = json(submitted).path("id").asText();
            ids.add(id);
            try {
                var view = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> json(get("/api/v1/evisa/applications/" + id, Map.of())),
                                v -> !"RECEIVED".equals(v.path("status").asText()));
                if (!"INVITATION_CHECK_PENDING".equals(view.path("status").asText())) {
                    lost.add(id + ": the hostile answer was taken: " + view.path("status").asText());
                }
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lost.add(id + ": no outcome");
            }
            if (Duration.ofNanos(System.nanoTime() - started).toSeconds() > 60) {
                lost.add(id + ": the answer took the hub over a minute");
            }
            if (CANARY_CALLS.get() > canaryBefore) {
                lost.add("a connection was opened to the canary");
            }
            REGISTRY.pass();
        });
        // the partner answers properly again: every application goes on
        for (String id : ids) {
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> json(get("/api/v1/evisa/applications/" + id, Map.of())).path("status").asText(),
                                "AWAITING_PAYMENT"::equals);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lostByKind.values().iterator().next().add(id + " did not go on once the registry answered properly");
            }
        }
        secretNowhere(lostByKind);
        lostByKind.forEach((kind, lost) -> ReliabilityLedger.attack(AREA, "XML in a SOAP answer: " + kind, 1, lost.isEmpty() ? 0 : 1,
                "partner failure: nothing read, expanded or fetched; the application waits, then goes on"));
        assertThat(lostByKind.values().stream().flatMap(List::stream).toList()).isEmpty();
    }

    @Test
    void theInsurersHostileAnswersAreAPartnerFailure() {
        String eta = json(post("/api/v1/eta/applications", FrontDoorRequests.eta(newPassport()), Map.of())).path("id").asText();
        await().atMost(Duration.ofSeconds(120)).until(
                () -> json(get("/api/v1/eta/applications/" + eta, Map.of())).path("status").asText(), "ISSUED"::equals);
        String policy = "{\"application\":{\"service\":\"eta\",\"id\":\"" + eta + "\"},\"insurer\":\"steppe-assurance\",\"coverage\":\"STANDARD\"}";
        Map<String, List<String>> lostByKind = new LinkedHashMap<>();
        payloads().forEach((kind, payload) -> {
            List<String> lost = new ArrayList<>();
            lostByKind.put(kind, lost);
            INSURER.answer(200, "text/xml; charset=UTF-8", payload[0] + """
                    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                    <m:GetQuoteResponse xmlns:m="urn:kz:insurance:medical:v1"><m:quoteId>%s</m:quoteId>%s</m:GetQuoteResponse>
                    </soap:Body></soap:Envelope>""".formatted(payload[1], payload[2]));
            int canaryBefore = CANARY_CALLS.get();
            var response = post("/api/v1/insurance/policies", policy, Map.of());
            // a 503 naming the insurer is the answer wanted; no stack trace in it, and a problem
            String breach = response.statusCode() != 503 ? "answered " + response.statusCode() + ": " + response.body()
                    : FrontDoorRequests.breach(400, response.headers().firstValue("Content-Type").orElse(""), response.body());
            if (breach == null && response.body().contains(SECRET)) {
                breach = "the secret file was read";
            }
            if (breach != null) {
                lost.add(breach);
            }
            if (CANARY_CALLS.get() > canaryBefore) {
                lost.add("a connection was opened to the canary");
            }
        });
        INSURER.pass();
        // the circuit the hostile answers opened lets calls through again after its open time
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> post("/api/v1/insurance/policies", policy, Map.of()).statusCode() == 201);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            lostByKind.values().iterator().next().add("the insurer answering properly again: still refused");
        }
        secretNowhere(lostByKind);
        lostByKind.forEach((kind, lost) -> ReliabilityLedger.attack(AREA, "XML in a SOAP answer (payload, XSLT): " + kind, 1,
                lost.isEmpty() ? 0 : 1, "503 insurer unavailable: nothing read, expanded or fetched"));
        assertThat(lostByKind.values().stream().flatMap(List::stream).toList()).isEmpty();
    }

    private void secretNowhere(Map<String, List<String>> lostByKind) {
        // everything journalled so far into the database's blocks, where the log's rows are kept
        assertThat(messageLogWriter.flush()).isTrue();
        Integer logged = jdbc.queryForObject("select count(*) from message_log_block where rows_json like ?", Integer.class,
                "%" + SECRET + "%");
        Integer stored = jdbc.queryForObject("select count(*) from evisa_application where reason_detail like ?", Integer.class, "%" + SECRET + "%");
        if (logged + stored > 0) {
            lostByKind.values().iterator().next().add("the secret file was read: in " + logged + " log rows, " + stored + " applications");
        }
    }

    private static String registryAnswer(String[] payload, String invitation, String passport) {
        return payload[0] + """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                <r:CheckInvitationResponse xmlns:r="urn:kz:mia:invitation-registry:v1"><r:invitation>
                <r:invitationNumber>%s</r:invitationNumber><r:status>ACTIVE</r:status><r:inviter>%s</r:inviter>
                <r:category>B12</r:category><r:invitedPerson><r:passportNumber>%s</r:passportNumber>
                <r:nationality>JAM</r:nationality><r:surname>BROWN</r:surname><r:givenNames>ALEX</r:givenNames>
                <r:dateOfBirth>1990-05-17</r:dateOfBirth></r:invitedPerson><r:validFrom>%s</r:validFrom>
                <r:validUntil>%s</r:validUntil><r:registeredBy>police</r:registeredBy>%s</r:invitation>
                </r:CheckInvitationResponse></soap:Body></soap:Envelope>""".formatted(
                invitation + (payload.length > 3 ? payload[3] : ""), payload[1], passport,
                LocalDate.now(), LocalDate.now().plusYears(1), payload[2]);
    }
}
