package kz.qazeta.hub.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.reliability.FrontDoorRequests.Baseline;
import kz.qazeta.hub.reliability.FrontDoorRequests.Endpoint;
import kz.qazeta.hub.reliability.FrontDoorRequests.RawAnswer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static kz.qazeta.hub.reliability.FrontDoorRequests.breach;
import static kz.qazeta.hub.reliability.FrontDoorRequests.waitingOutRateLimit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at every front-door endpoint that takes a body (e-Visa, ETA, e-Residency, certificate, IMEI,
 * insurance, ETA revocation, the signed payment callback, the operator's CSV): malformed JSON, wrong types, unknown
 * fields, huge numbers, deep nesting, very long strings, invalid UTF-8, XML with external entities and other wrong
 * content types, empty bodies; bodies over the limit; SQL metacharacters in every field that reaches the Border
 * Service's database; header, log and path injection. Every answer: no 5xx, no stack trace, a 4xx always a problem;
 * records made before are unchanged after. Counted in the reliability table.
 */
@Tag("reliability")
class HostileInputTest extends HubTestSupport {

    private static final String AREA = "input";
    private static Baseline baseline;
    private static Map<String, String> baselineViews;

    @LocalServerPort
    int port;

    @Value("${spring.artemis.embedded.server-id}")
    int brokerId;

    @BeforeEach
    void baselineRecords() {
        if (baseline != null && baselinePort == port) {
            return;
        }
        String passport = newPassport();
        String invitation = "INV-HOSTILE-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String body = application(passport, "JAM", "B12", invitation, "ALA");
        String evisa = json(waitingOutRateLimit(() -> post("/api/v1/evisa/applications", body, Map.of()))).path("id").asText();
        awaitStatus(evisa, "AWAITING_PAYMENT");
        String etaBody = FrontDoorRequests.eta(newPassport());
        String eta = json(waitingOutRateLimit(() -> post("/api/v1/eta/applications", etaBody, Map.of()))).path("id").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> json(get("/api/v1/eta/applications/" + eta, Map.of())).path("status").asText(), "ISSUED"::equals);
        var certificate = waitingOutRateLimit(() -> post("/api/v1/border-crossings/certificates",
                FrontDoorRequests.certificate(), Map.of()));
        assertThat(certificate.statusCode()).as(certificate.body()).isEqualTo(201);
        baseline = new Baseline(evisa, eta, json(certificate).path("id").asText());
        baselineViews = views();
        baselinePort = port;
    }

    private static int baselinePort;

    private Map<String, String> views() {
        return baseline.views(port);
    }

    /** Counts the cases of one class and what each lost; the records made before must be unchanged. */
    private final class Tally {
        final String kind;
        final String shows;
        int tried;
        final List<String> lost = new ArrayList<>();

        Tally(String kind, String shows) {
            this.kind = kind;
            this.shows = shows;
        }

        void check(String what, String breach) {
            tried++;
            if (breach != null) {
                lost.add(what + ": " + breach);
            }
        }

        void close() {
            Map<String, String> after = views();
            baselineViews.forEach((name, before) -> {
                if (!before.equals(after.get(name))) {
                    lost.add("the " + name + " made before was changed: " + after.get(name));
                }
            });
            ReliabilityLedger.attack(AREA, kind, tried, lost.size(), shows);
            assertThat(lost).as(kind).isEmpty();
        }
    }

    private List<Endpoint> jsonEndpoints() {
        return FrontDoorRequests.endpoints().stream().filter(e -> !e.path().contains("visa-exempt")).toList();
    }

    private void sendEach(Tally tally, String label, byte[] body, String contentType) {
        for (Endpoint endpoint : jsonEndpoints()) {
            tally.check(endpoint.name() + " / " + label,
                    breach(FrontDoorRequests.send(port, endpoint, body, contentType, Map.of())));
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void malformedJsonIsA400() {
        Tally tally = new Tally("JSON: malformed", "400 naming the body; nothing stored");
        for (String body : List.of("{", "{\"a\":}", "{'applicant':'x'}", "{\"a\":1,}", "NaN", "{\"a\":1}}}}",
                "{\"a\":\"unterminated", "\uFEFF{}", "{\"a\":1}{\"b\":2}", "[1,2", "{\"a\" 1}", "/* comment */ {}")) {
            sendEach(tally, body, utf8(body), "application/json");
        }
        for (Endpoint endpoint : jsonEndpoints()) {
            String valid = endpoint.validBody().apply(baseline);
            tally.check(endpoint.name() + " / truncated", breach(FrontDoorRequests.send(port, endpoint,
                    utf8(valid.substring(0, valid.length() / 2)), "application/json", Map.of())));
        }
        tally.close();
    }

    @Test
    void wrongTypesAreA400NamingTheField() {
        Tally tally = new Tally("JSON: wrong types", "400 naming the field, for every field of every endpoint");
        for (String body : List.of("[]", "\"text\"", "42", "true", "null")) {
            sendEach(tally, body, utf8(body), "application/json");
        }
        List<JsonNode> wrong = List.of(JSON.createArrayNode().add(1), JSON.getNodeFactory().numberNode(7),
                JSON.getNodeFactory().textNode("x"), JSON.createObjectNode(), JSON.getNodeFactory().booleanNode(true),
                JSON.getNodeFactory().nullNode());
        for (Endpoint endpoint : jsonEndpoints()) {
            ObjectNode valid = (ObjectNode) parse(endpoint.validBody().apply(baseline));
            for (String field : fieldPaths(valid)) {
                for (JsonNode value : wrong) {
                    ObjectNode mutated = valid.deepCopy();
                    set(mutated, field, value);
                    tally.check(endpoint.name() + " / " + field + "=" + value, breach(FrontDoorRequests.send(port,
                            endpoint, utf8(mutated.toString()), "application/json", Map.of())));
                }
            }
        }
        tally.close();
    }

    @Test
    void unknownFieldsChangeNothingTheHubSets() {
        Tally tally = new Tally("JSON: unknown fields", "ignored; none sets what the hub decides (status, id, visa)");
        for (Endpoint endpoint : jsonEndpoints()) {
            ObjectNode body = (ObjectNode) parse(endpoint.validBody().apply(baseline));
            body.put("status", "ISSUED").put("id", baseline.evisaId()).put("__proto__", "admin");
            body.putObject("visa").put("number", "KZ-EV-FORGED");
            body.putObject("eta").put("number", "KZ-ETA-FORGED");
            body.put("verificationCode", "FORGED").put("genuine", true);
            var response = FrontDoorRequests.send(port, endpoint, utf8(body.toString()), "application/json", Map.of());
            String breach = breach(response);
            if (breach == null && response.statusCode() < 300) {
                if (response.body().contains("FORGED") || response.body().contains(baseline.evisaId())) {
                    breach = "an unknown field took effect: " + FrontDoorRequests.abbreviate(response.body());
                } else if (json(response).path("status").asText("").equals("ISSUED")
                        && !endpoint.name().startsWith("insurance")) {
                    breach = "the caller set the status: " + response.body();
                }
            }
            tally.check(endpoint.name(), breach);
        }
        tally.close();
    }

    @Test
    void hugeNumbersAreRefused() {
        Tally tally = new Tally("JSON: huge numbers", "refused (400) without a 5xx or a long parse");
        String thousandsOfDigits = "9".repeat(5000);
        for (String number : List.of("1e999999999", "-1e999999999", thousandsOfDigits, "0." + "0".repeat(5000) + "1",
                "1" + "0".repeat(400) + ".5", "-0", "1E-400")) {
            for (Endpoint endpoint : jsonEndpoints()) {
                ObjectNode valid = (ObjectNode) parse(endpoint.validBody().apply(baseline));
                for (String field : fieldPaths(valid)) {
                    String body = replaceValue(valid, field, number);
                    tally.check(endpoint.name() + " / " + field + "=" + FrontDoorRequests.abbreviate(number),
                            breach(FrontDoorRequests.send(port, endpoint, utf8(body), "application/json", Map.of())));
                }
            }
        }
        tally.close();
    }

    @Test
    void deepNestingIsRefused() {
        Tally tally = new Tally("JSON: deep nesting", "refused (400) by the parser's depth limit");
        sendEach(tally, "100000 arrays", utf8("[".repeat(100_000) + "]".repeat(100_000)), "application/json");
        sendEach(tally, "20000 objects", utf8("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)), "application/json");
        for (Endpoint endpoint : jsonEndpoints()) {
            ObjectNode valid = (ObjectNode) parse(endpoint.validBody().apply(baseline));
            String field = fieldPaths(valid).get(0);
            String body = replaceValue(valid, field, "[".repeat(50_000) + "]".repeat(50_000));
            tally.check(endpoint.name() + " / nested " + field,
                    breach(FrontDoorRequests.send(port, endpoint, utf8(body), "application/json", Map.of())));
        }
        tally.close();
    }

    @Test
    void veryLongStringsAreRefusedOrBounded() {
        Tally tally = new Tally("JSON: very long strings", "400 naming the field (lengths bounded), or 413 over the limit");
        String longText = "A".repeat(200_000);
        for (Endpoint endpoint : jsonEndpoints()) {
            ObjectNode valid = (ObjectNode) parse(endpoint.validBody().apply(baseline));
            for (String field : fieldPaths(valid)) {
                ObjectNode mutated = valid.deepCopy();
                set(mutated, field, JSON.getNodeFactory().textNode(longText));
                tally.check(endpoint.name() + " / long " + field, breach(FrontDoorRequests.send(port, endpoint,
                        utf8(mutated.toString()), "application/json", Map.of())));
            }
            ObjectNode longKey = valid.deepCopy();
            longKey.put("k".repeat(100_000), 1);
            tally.check(endpoint.name() + " / long key", breach(FrontDoorRequests.send(port, endpoint,
                    utf8(longKey.toString()), "application/json", Map.of())));
        }
        tally.close();
    }

    @Test
    void invalidUtf8IsRefused() {
        Tally tally = new Tally("JSON: invalid UTF-8", "400 (the bytes never pass a field's pattern); nothing stored");
        List<byte[]> spoilers = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {0x00}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        for (Endpoint endpoint : jsonEndpoints()) {
            String valid = endpoint.validBody().apply(baseline);
            // spoil the first string value of the body
            int at = valid.indexOf(":\"") + 2;
            for (byte[] spoiler : spoilers) {
                byte[] before = utf8(valid.substring(0, at));
                byte[] after = utf8(valid.substring(at));
                byte[] body = new byte[before.length + spoiler.length + after.length];
                System.arraycopy(before, 0, body, 0, before.length);
                System.arraycopy(spoiler, 0, body, before.length, spoiler.length);
                System.arraycopy(after, 0, body, before.length + spoiler.length, after.length);
                tally.check(endpoint.name() + " / bytes " + java.util.HexFormat.of().formatHex(spoiler),
                        breach(FrontDoorRequests.send(port, endpoint, body, "application/json", Map.of())));
            }
        }
        tally.close();
    }

    @Test
    void xmlAndOtherContentTypesAreA415Problem() {
        Tally tally = new Tally("XML and other content types posted to REST",
                "415 problem (XXE, DTD, billion laughs never parsed)");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        for (Endpoint endpoint : FrontDoorRequests.endpoints()) {
            for (String type : List.of("application/xml", "text/xml", "application/soap+xml", "text/plain",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json")) {
                var response = FrontDoorRequests.send(port, endpoint, utf8(type.contains("xml") ? xxe
                        : XmlBombs.billionLaughs()), type, Map.of());
                String breach = breach(response);
                if (breach == null && response.statusCode() != 415) {
                    breach = "answered " + response.statusCode() + " to " + type;
                }
                if (breach == null && response.body().contains("root:")) {
                    breach = "read a file";
                }
                tally.check(endpoint.name() + " / " + type, breach);
            }
        }
        tally.close();
    }

    @Test
    void emptyBodiesAreA400() {
        Tally tally = new Tally("JSON: empty bodies", "400 'required'; nothing stored");
        for (String body : List.of("", " ", "\n\n", "{}", "null", "[]", "\"\"")) {
            sendEach(tally, "'" + body.replace("\n", "\\n") + "'", utf8(body), "application/json");
        }
        for (Endpoint endpoint : jsonEndpoints()) {
            tally.check(endpoint.name() + " / no content type, no body",
                    breach(FrontDoorRequests.send(port, endpoint, new byte[0], null, Map.of())));
        }
        tally.close();
    }

    @Test
    void bodiesOverTheLimitAre413BeforeTheyAreReadWhole() throws Exception {
        Tally tally = new Tally("bodies over the limit", "413 problem; a lying Content-Length or an endless chunked body answered without reading it");
        byte[] over = utf8("{\"x\":\"" + "a".repeat(256 * 1024) + "\"}");
        for (Endpoint endpoint : FrontDoorRequests.endpoints()) {
            var response = FrontDoorRequests.send(port, endpoint, over, "application/json", Map.of());
            String breach = breach(response);
            tally.check(endpoint.name() + " / 256 KB + 1", breach != null ? breach
                    : response.statusCode() != 413 ? "answered " + response.statusCode() : null);
        }
        // a Content-Length of 50 MB with nothing sent: the answer comes at once
        long started = System.nanoTime();
        RawAnswer lying = FrontDoorRequests.raw(port, "POST /api/v1/evisa/applications HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Api-Key: " + FrontDoorRequests.FRONT_DOOR + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 50000000\r\n\r\n", new byte[0], Duration.ofSeconds(20));
        tally.check("Content-Length 50 MB, no body", lying.status() != 413 ? "answered " + lying.status()
                : Duration.ofNanos(System.nanoTime() - started).toSeconds() > 15 ? "waited for the body" : null);
        // a chunked body that never ends: 300 KB sent, then the sender waits; the 413 comes before any end
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            chunks.append("400\r\n").append("a".repeat(1024)).append("\r\n");
        }
        RawAnswer endless = FrontDoorRequests.raw(port, "POST /api/v1/eta/applications HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Api-Key: " + FrontDoorRequests.FRONT_DOOR + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", utf8(chunks.toString()), Duration.ofSeconds(20));
        tally.check("endless chunked body", endless.status() != 413 ? "answered " + endless.status() : null);
        tally.close();
    }

    @Test
    void sqlMetacharactersNeverReachTheBorderDatabaseAsSql() {
        Tally tally = new Tally("injection: SQL metacharacters", "every field reaching the Border Service's database: "
                + "no one else's crossings, tables intact");
        List<String> injections = List.of("' OR '1'='1", "N1234567' OR '1'='1", "N1234567'--", "'; DROP TABLE border_crossing; --",
                "%", "N12%", "_1234567", "N1234567\\", "\" OR \"\"=\"", "N1234567' UNION SELECT * FROM border_crossing --",
                "1980-04-01' OR '1'='1", "GBR' OR 'x'='x");
        List<String> fields = List.of("document.type", "document.number", "document.issuingCountry", "nationality",
                "dateOfBirth", "period.from", "period.to");
        ObjectNode valid = (ObjectNode) parse(FrontDoorRequests.certificate());
        Endpoint certificates = FrontDoorRequests.endpoints().stream().filter(e -> e.name().equals("border certificate"))
                .findFirst().orElseThrow();
        for (String field : fields) {
            for (String injection : injections) {
                ObjectNode mutated = valid.deepCopy();
                set(mutated, field, JSON.getNodeFactory().textNode(injection));
                var response = FrontDoorRequests.send(port, certificates, utf8(mutated.toString()), "application/json", Map.of());
                String breach = breach(response);
                if (breach == null && response.statusCode() < 300) {
                    breach = "a certificate for an injected " + field + ": " + FrontDoorRequests.abbreviate(response.body());
                }
                tally.check(field + " = " + injection, breach);
            }
        }
        var again = FrontDoorRequests.send(port, certificates, utf8(FrontDoorRequests.certificate()), "application/json", Map.of());
        tally.check("the crossing tables afterwards", again.statusCode() == 201 && json(again).path("crossings").size() == 4
                ? null : "the genuine request now answers " + again.statusCode() + " " + again.body());
        // the hub's own tables: values with quotes are data, stored as they came (an Idempotency-Key, a name)
        String key = "k'; DROP TABLE evisa_application; --";
        String application = FrontDoorRequests.evisa(newPassport(), "INV-SQL-" + System.nanoTime());
        var first = waitingOutRateLimit(() -> post("/api/v1/evisa/applications", application, Map.of("Idempotency-Key", key)));
        tally.check("Idempotency-Key with SQL", first.statusCode() == 202 ? null : "answered " + first.statusCode() + first.body());
        var view = waitingOutRateLimit(() -> get("/api/v1/evisa/applications/" + baseline.evisaId(), Map.of()));
        tally.check("the e-Visa table afterwards", view.statusCode() == 200 ? null : "answered " + view.statusCode());
        tally.close();
    }

    @Test
    void headersAndIdsCannotInjectHeadersOrLogLines() throws Exception {
        Tally tally = new Tally("injection: headers and log lines", "hostile correlation ids replaced; no CR/LF reaches "
                + "an answer's headers or starts a log line");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        try {
            for (String hostile : List.of("a b", "<script>alert(1)</script>", "x".repeat(500), "id%0d%0aSet-Cookie:%20x=1",
                    "ünïcödé", "a;b=c")) {
                var response = waitingOutRateLimit(() -> get("/api/v1/evisa/applications/" + baseline.evisaId(),
                        Map.of("X-Correlation-Id", hostile)));
                String echoed = response.headers().firstValue("X-Correlation-Id").orElse("");
                tally.check("X-Correlation-Id " + FrontDoorRequests.abbreviate(hostile),
                        echoed.equals(hostile) ? "the hostile id was taken" : response.headers().firstValue("Set-Cookie")
                                .map(c -> "a header was injected").orElse(null));
            }
            for (String head : List.of("X-Correlation-Id: a\nX-Injected: 1", "X-Correlation-Id: a\rX-Injected: 1",
                    "Idempotency-Key: a\n X-Injected: 1", "X-Api-Key: " + FrontDoorRequests.FRONT_DOOR + "\u0000x")) {
                RawAnswer answer = FrontDoorRequests.raw(port, "GET /api/v1/evisa/applications/" + baseline.evisaId()
                        + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + FrontDoorRequests.FRONT_DOOR + "\r\n" + head
                        + "\r\nConnection: close\r\n\r\n", new byte[0], Duration.ofSeconds(20));
                tally.check("raw header " + head.replace("\n", "\\n").replace("\r", "\\r"),
                        answer.status() >= 500 || answer.status() == 0 ? "answered " + answer.status()
                                : answer.head().toLowerCase().contains("x-injected") ? "a header was injected" : null);
            }
            for (String path : List.of("/api/v1/x%0d%0a2026-01-01T00:00:00Z%20INFO%20FORGED-LINE",
                    "/api/v1/evisa/applications/x%0aFORGED-LINE", "/api/v1/eta/x%0d%0aFORGED-LINE",
                    "/api/v1/evisa%0aFORGED-LINE/applications")) {
                // the first without a key (refused at the gate, which logs the path), the others with one
                String key = path.startsWith("/api/v1/x") ? "" : "X-Api-Key: " + FrontDoorRequests.FRONT_DOOR + "\r\n";
                RawAnswer answer = FrontDoorRequests.raw(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + key + "Connection: close\r\n\r\n", new byte[0], Duration.ofSeconds(20));
                tally.check("path " + path, answer.status() >= 500 || answer.status() == 0 ? "answered " + answer.status() : null);
            }
            // a broker user name with a line break
            try (var connection = new ActiveMQConnectionFactory("vm://" + brokerId, "intruder\nFORGED-LINE broker", "x")
                    .createConnection()) {
                tally.check("broker user with a line break", "the broker let it in");
            } catch (jakarta.jms.JMSException refused) {
                tally.check("broker user with a line break", null);
            }
        } finally {
            root.detachAppender(log);
        }
        for (ILoggingEvent event : log.list) {
            String line = event.getFormattedMessage();
            if (line.matches("(?s).*[\\r\\n\\u2028]\\s*(\\S+\\s+){0,3}FORGED.*")) {
                tally.lost.add("a forged log line: " + line.replace("\n", "\\n").replace("\r", "\\r"));
            }
        }
        tally.close();
    }

    @Test
    void pathTraversalReadsNoFile() throws Exception {
        Tally tally = new Tally("injection: path traversal", "ids and paths that name files read no file");
        List<String> paths = List.of("/api/v1/openapi/..%2f..%2fapplication.yaml", "/api/v1/openapi/%2e%2e/%2e%2e/application.yaml",
                "/api/v1/openapi/..%252f..%252fapplication.yaml", "/api/v1/openapi/....//....//application.yaml",
                "/api/v1/openapi/..;/..;/application.yaml", "/api/v1/openapi/..%5c..%5capplication.yaml",
                "/api/v1/openapi/file:/etc/passwd", "/api/v1/openapi/classpath:application.yaml",
                "/api/v1/openapi/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/api/v1/openapi/../../../../../../etc/passwd",
                "/api/v1/border-crossings/certificates/..%2F..%2F..%2Fetc%2Fpasswd.pdf",
                "/api/v1/border-crossings/certificates/verify/..%2F..%2Fetc%2Fpasswd",
                "/api/v1/evisa/applications/..%2F..%2F..%2Fetc%2Fpasswd",
                "/api/v1/eta/applications/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/api/v1/eresidency/applications/..%2F..%2Fapplication.yaml",
                "/api/v1/insurance/policies/..%2F..%2Fetc%2Fpasswd",
                "/api/v1/admin/reference/visa-exempt-countries?effectiveFrom=..%2F..%2Fetc%2Fpasswd");
        for (String path : paths) {
            String key = path.contains("/admin/") ? FrontDoorRequests.OPERATOR : FrontDoorRequests.FRONT_DOOR;
            RawAnswer answer = FrontDoorRequests.raw(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: "
                    + key + "\r\nConnection: close\r\n\r\n", new byte[0], Duration.ofSeconds(20));
            String breach = answer.status() >= 500 || answer.status() == 0 ? "answered " + answer.status()
                    : answer.body().contains("root:x:0:0") || answer.body().contains("datasource")
                    || answer.body().contains("qazeta:") ? "a file was read: " + FrontDoorRequests.abbreviate(answer.body())
                    : answer.status() < 400 && !path.contains("visa-exempt") ? "answered " + answer.status() : null;
            tally.check(path, breach);
        }
        tally.close();
    }

    // --- JSON helpers ---

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dotted paths of every leaf and object field of a request, e.g. applicant.passportNumber. */
    private static List<String> fieldPaths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            paths.add(path);
            if (field.getValue().isObject()) {
                collect(field.getValue(), path, paths);
            }
        }
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
    }

    /** The body with one field's value replaced by raw JSON text (a number Jackson would not write). */
    private static String replaceValue(ObjectNode root, String path, String rawJson) {
        ObjectNode copy = root.deepCopy();
        String marker = "@@VALUE@@";
        set(copy, path, JSON.getNodeFactory().textNode(marker));
        return copy.toString().replace("\"" + marker + "\"", rawJson);
    }
}
