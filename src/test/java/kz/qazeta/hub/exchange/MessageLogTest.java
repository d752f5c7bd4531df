package kz.qazeta.hub.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.exchange.messagelog.MessageLogArchiveVerifier;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry;
import kz.qazeta.hub.exchange.messagelog.MessageLogStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message log as an auditor and an operator use it: one exchange traced across REST, SOAP and JMS,
 * personal data masked, each partner seeing only its own exchanges, tampering caught in the database and in
 * the archive, and no row lost while the log's table cannot be written.
 */
class MessageLogTest extends HubTestSupport {

    /** The health components are shown to signed-in console users only. */
    private static final Map<String, String> CONSOLE_VIEWER = Map.of("Authorization", "Basic "
            + java.util.Base64.getEncoder().encodeToString("viewer:sandbox-viewer-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", OPERATOR_KEY);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageLogStore store;

    @Value("${qazeta.exchange.message-log.archive-dir}")
    Path archiveDir;

    /** Runs an e-Visa application to ISSUED under the given correlation id; answers its id. */
    private String issuedApplication(String correlationId, String passport) {
        String invitation = "INV-LOG-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of("X-Correlation-Id", correlationId))).path("id").asText();
        String paymentId = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
        post("/sandbox/payments/" + paymentId + "/complete", "", Map.of());
        awaitStatus(id, "ISSUED");
        return id;
    }

    @Test
    void anExchangeIsTracedAcrossRestSoapAndJmsByItsCorrelationId() {
        String correlationId = "trace-" + UUID.randomUUID();
        issuedApplication(correlationId, newPassport());

        JsonNode hops = await().atMost(Duration.ofSeconds(10)).until(
                () -> json(get("/api/v1/admin/exchanges/" + correlationId, OPERATOR)).path("hops"),
                h -> h.findValuesAsText("partner").contains("visa-issuance")
                        && h.findValuesAsText("direction").stream().filter("IN"::equals).count() >= 4);

        List<String> path = new java.util.ArrayList<>();
        hops.forEach(h -> path.add(h.path("partner").asText() + " " + h.path("channel").asText() + " " + h.path("direction").asText()));
        // answers may leave while the next hop is already under way: each conversation in its own order
        assertThat(path).containsSubsequence("qazeta-front-door REST IN", "qazeta-front-door REST OUT");
        assertThat(path).containsSubsequence("qazeta-front-door REST IN",
                "invitation-registry SOAP OUT", "invitation-registry SOAP IN",
                "payment-gateway REST OUT", "payment-gateway REST IN",     // the hub asks for the fee
                "payment-gateway REST IN",                                 // the gateway's callback
                "visa-issuance JMS OUT", "visa-issuance JMS IN");
        assertThat(path).containsSubsequence("payment-gateway REST IN", "payment-gateway REST IN",
                "payment-gateway REST OUT");                               // the hub's answer to the callback
        assertThat(hops.findValuesAsText("service")).contains("evisa", "payment-callbacks");
        // the SOAP request is logged as the XML it travelled as
        assertThat(hops.findValuesAsText("body")).anyMatch(b -> b.contains("CheckInvitationRequest"));
    }

    @Test
    void noPassportNumberOrNameReachesTheMessageLog() {
        String passport = newPassport();
        String correlationId = "mask-" + UUID.randomUUID();
        issuedApplication(correlationId, passport);

        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId, OPERATOR))
                .path("hops").findValuesAsText("partner").contains("visa-issuance"));
        List<String> bodies = entries(correlationId).stream().map(MessageLogEntry::body).filter(b -> b != null).toList();
        assertThat(bodies).isNotEmpty().noneMatch(b -> b.contains(passport)).noneMatch(b -> b.contains("BROWN"));
        assertThat(bodies).anyMatch(b -> b.contains("\"passportNumber\":\"T***"))       // JSON, the front door's request
                .anyMatch(b -> b.contains("\"passportNo\":\"T***"))                      // JSON, the issuance system's
                .anyMatch(b -> b.contains("CheckInvitationResponse") && b.contains("passportNumber>T***"));  // SOAP XML
        // the hash of the body as it travelled is kept, so the original can still be proven
        assertThat(entries(correlationId)).extracting(MessageLogEntry::bodyHash).allMatch(h -> h == null || h.length() == 64);
    }

    @Test
    void aPartnerReadsItsOwnExchangesAndNoOneElses() {
        issuedApplication("own-" + UUID.randomUUID(), newPassport());

        JsonNode frontDoor = json(get("/api/v1/partners/me/exchanges", Map.of()));
        JsonNode gateway = json(get("/api/v1/partners/me/exchanges", Map.of("X-Api-Key", GATEWAY_KEY)));

        assertThat(frontDoor.path("exchanges").findValuesAsText("partner")).isNotEmpty().containsOnly("qazeta-front-door");
        assertThat(gateway.path("exchanges").findValuesAsText("partner")).isNotEmpty().containsOnly("payment-gateway");
        assertThat(frontDoor.path("exchanges").get(0).has("body")).isFalse();
        assertThat(frontDoor.path("exchanges").get(0).path("size").isNumber()).isTrue();
        var badPeriod = get("/api/v1/partners/me/exchanges?from=yesterday", Map.of());
        assertThat(badPeriod.statusCode()).isEqualTo(400);
        assertThat(json(badPeriod).path("errors").get(0).path("field").asText()).isEqualTo("from");
    }

    @Test
    void anAlteredOrDeletedRowIsCaughtByVerification() {
        issuedApplication("tamper-" + UUID.randomUUID(), newPassport());
        assertThat(json(get("/api/v1/admin/message-log/verify", OPERATOR)).path("intact").asBoolean()).isTrue();

        // a row a few rows before the newest, inside the block (one per journal segment) that holds it
        long id = jdbc.queryForObject("select last_row from message_log_head where id = 1", Long.class) - 3;
        long block = jdbc.queryForObject(
                "select id from message_log_block where first_row <= ? and first_row + row_count > ?", Long.class, id, id);
        String original = jdbc.queryForObject("select rows_json from message_log_block where id = ?", String.class, block);
        String line = original.lines().filter(l -> l.startsWith("{\"id\":" + id + ",")).findFirst().orElseThrow();
        try {
            setRows(block, original.replace(line, line.replaceFirst("\"size\":(\\d+)", "\"size\":9$1")));
            JsonNode altered = json(get("/api/v1/admin/message-log/verify", OPERATOR));
            assertThat(altered.path("intact").asBoolean()).isFalse();
            assertThat(altered.path("firstBrokenRowId").asLong()).isEqualTo(id);
        } finally {
            setRows(block, original);
        }
        assertThat(json(get("/api/v1/admin/message-log/verify", OPERATOR)).path("intact").asBoolean()).isTrue();

        setRows(block, original.replace(line + "\n", ""));
        try {
            JsonNode deleted = json(get("/api/v1/admin/message-log/verify", OPERATOR));
            assertThat(deleted.path("intact").asBoolean()).isFalse();
            assertThat(deleted.path("firstBrokenRowId").asLong()).isEqualTo(id + 1);
        } finally {
            // put it back exactly, so the chain (shared by the other tests) is whole again
            setRows(block, original);
        }
        assertThat(json(get("/api/v1/admin/message-log/verify", OPERATOR)).path("intact").asBoolean()).isTrue();
    }

    private void setRows(long block, String rows) {
        jdbc.update("update message_log_block set rows_json = ? where id = ?", rows, block);
    }

    @Test
    void whileTheLogCannotBeWrittenExchangesGoOnAndNoRowIsLost() {
        // the same exchange with the log healthy, to know how many rows it writes
        String reference = "reference-" + UUID.randomUUID();
        issuedApplication(reference, newPassport());
        int expected = await().atMost(Duration.ofSeconds(10)).until(() -> rows(reference), n -> n >= 10);

        String correlationId = "outage-" + UUID.randomUUID();
        jdbc.execute("alter table message_log_block rename to message_log_block_offline");
        String id;
        try {
            id = issuedApplication(correlationId, newPassport());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var health = json(get("/actuator/health", CONSOLE_VIEWER));
                assertThat(health.path("components").path("messageLog").path("status").asText()).isEqualTo("DOWN");
            });
        } finally {
            jdbc.execute("alter table message_log_block_offline rename to message_log_block");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rows(correlationId)).isEqualTo(expected));
        assertThat(entries(correlationId)).extracting(e -> e.channel().name()).contains("REST", "SOAP", "JMS");
        assertThat(json(get("/api/v1/admin/message-log/verify", OPERATOR)).path("intact").asBoolean()).isTrue();
        assertThat(json(get("/actuator/health", CONSOLE_VIEWER)).path("components").path("messageLog").path("status").asText())
                .isEqualTo("UP");
        assertThat(json(get("/api/v1/evisa/applications/" + id, Map.of())).path("status").asText()).isEqualTo("ISSUED");
    }

    @Test
    void archivesFormAChainThatIsVerifiedOfflineAndTamperingIsCaught() throws Exception {
        issuedApplication("archive-" + UUID.randomUUID(), newPassport());
        Instant cut = Instant.now();
        JsonNode archived = json(post("/api/v1/admin/message-log/archive?olderThan=" + cut, "", OPERATOR));
        issuedApplication("archive-" + UUID.randomUUID(), newPassport());
        JsonNode second = json(post("/api/v1/admin/message-log/archive?olderThan=" + Instant.now(), "", OPERATOR));

        assertThat(archived.path("archivedRows").asInt()).isPositive();
        assertThat(second.path("archivedRows").asInt()).isPositive();
        // the chain in the database now starts where the archive ends
        assertThat(json(get("/api/v1/admin/message-log/verify", OPERATOR)).path("intact").asBoolean()).isTrue();
        assertThat(MessageLogArchiveVerifier.verify(archiveDir)).isEmpty();
        assertThat(offlineVerifier(archiveDir)).isZero();

        Path altered = copy(archiveDir);
        Path file = newest(altered);
        List<String> lines = Files.readAllLines(file);
        lines.set(2, lines.get(2).replace("\"outcome\":\"OK\"", "\"outcome\":\"FAULT\""));
        Files.write(file, lines);
        assertThat(MessageLogArchiveVerifier.verify(altered)).anyMatch(p -> p.contains("digest does not match"))
                .anyMatch(p -> p.contains("was changed"));
        assertThat(offlineVerifier(altered)).isEqualTo(1);

        Path missing = copy(archiveDir);
        try (Stream<Path> files = Files.list(missing)) {
            Path oldest = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
            Files.delete(oldest);
        }
        assertThat(MessageLogArchiveVerifier.verify(missing)).anyMatch(p -> p.contains("does not follow the previous archive"));
    }

    private int rows(String correlationId) {
        return entries(correlationId).size();
    }

    private List<MessageLogEntry> entries(String correlationId) {
        return store.byCorrelation(correlationId).stream().map(MessageLogStore.Row::entry).toList();
    }

    /** The archive verifier as its own process, with nothing of the hub running in it. */
    private static int offlineVerifier(Path folder) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MessageLogArchiveVerifier.class.getName(), folder.toString()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    private static Path copy(Path folder) throws IOException {
        Path copy = Files.createTempDirectory("archive-copy");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static Path newest(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
