package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.messagelog.MessageLogArchiveVerifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message log across a real restart of the hub process on the same files: exchanges before and after a
 * graceful stop, and before and after a kill -9, each keep their rows (looked up by correlation id), and the
 * verification finds every journal's rows numbered 1..n without a gap, in the database and after archiving.
 * A row taken out of the database (JDBC, the hub stopped) is named by its number, online and in the archive.
 */
@Tag("reliability")
class MessageLogRestartTest {

    private static final String AREA = "message log: nothing lost";
    private static final int EXCHANGES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The operator looks up every exchange: more than the default 50 requests a second. */
    private static final String RATE = "--qazeta.exchange.default-rate-per-second=100000";

    @Test
    void everyExchangeKeepsItsRowsAcrossAGracefulRestart() throws Exception {
        across("graceful stop", false);
    }

    @Test
    void everyExchangeKeepsItsRowsAcrossAKill() throws Exception {
        across("kill -9", true);
    }

    private void across(String restart, boolean kill) throws Exception {
        Path data = Files.createTempDirectory("qazeta-message-log");
        int port = freePort();
        List<String> ids = new ArrayList<>();
        HubProcess first = HubProcess.start(data, port, "first", RATE);
        try {
            ids.addAll(exchanges(port, "before-", EXCHANGES));
            if (kill) {
                // every row is in the database and the journal holds none: as after most of a day's running
                await().atMost(Duration.ofSeconds(60)).until(() -> segments(data).isEmpty());
                first.kill();
            }
        } finally {
            first.close();
        }
        HubProcess second = HubProcess.start(data, port, "second", RATE);
        try {
            ids.addAll(exchanges(port, "after-", EXCHANGES));

            List<String> lost = new ArrayList<>();
            for (String id : ids) {
                JsonNode hops = get(port, "/api/v1/admin/exchanges/" + id).path("hops");
                if (!hops.findValuesAsText("direction").equals(List.of("IN", "OUT"))) {
                    lost.add(id + ": " + hops.findValuesAsText("direction"));
                }
            }
            JsonNode verified = get(port, "/api/v1/admin/message-log/verify");
            JsonNode journal = verified.path("journals").path(0);
            long written = journal.path("lastNumber").asLong();
            long stored = verified.path("rowsChecked").asLong();
            ReliabilityLedger.record(AREA, "exchanges' rows across a " + restart, ids.size(), lost.size(),
                    "each of " + EXCHANGES + " exchanges before and after has its IN and OUT rows");
            ReliabilityLedger.messageLog(restart, written, stored, verified.path("intact").asBoolean() ? stored : 0,
                    verified.path("missing").size());
            assertThat(lost).as("exchanges without their rows").isEmpty();
            assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.path("missing")).isEmpty();
            // one journal (the same instance before and after), numbered 1..n, every row of it in the database
            assertThat(verified.path("journals")).hasSize(1);
            assertThat(journal.path("firstNumber").asLong()).isEqualTo(1);
            assertThat(stored).isEqualTo(written).isEqualTo(journal.path("rows").asLong())
                    .isGreaterThanOrEqualTo(2L * ids.size());

            // archived: the files verify offline, the rows left verify on from them, none missing
            JsonNode archived = post(port, "/api/v1/admin/message-log/archive?olderThan=" + Instant.now());
            long moved = archived.path("archivedRows").asLong();
            JsonNode after = get(port, "/api/v1/admin/message-log/verify");
            long written2 = after.path("journals").path(0).path("lastNumber").asLong();
            long left = after.path("rowsChecked").asLong();
            List<String> offline = MessageLogArchiveVerifier.verify(data.resolve("message-log/archive"));
            ReliabilityLedger.messageLog(restart + ", then archived", written2, moved + left,
                    after.path("intact").asBoolean() && offline.isEmpty() ? moved + left : 0, after.path("missing").size());
            assertThat(moved).isGreaterThanOrEqualTo(stored);
            assertThat(after.path("intact").asBoolean()).as(after.toString()).isTrue();
            assertThat(after.path("journals").path(0).path("firstNumber").asLong()).isEqualTo(moved + 1);
            assertThat(moved + left).isEqualTo(written2);
            assertThat(offline).isEmpty();
        } finally {
            second.close();
        }
    }

    @Test
    void aRowTakenOutOfTheDatabaseIsNamedByItsNumberOnlineAndInTheArchive() throws Exception {
        Path data = Files.createTempDirectory("qazeta-message-log-tamper");
        int port = freePort();
        HubProcess first = HubProcess.start(data, port, "first", RATE);
        try {
            exchanges(port, "tamper-", 50);
            assertThat(get(port, "/api/v1/admin/message-log/verify").path("intact").asBoolean()).isTrue();
        } finally {
            first.close();
        }
        // the hub stopped, a row is taken out of the block holding it, as someone with the database's password could
        long id;
        long number;
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data + "/h2/hub", "sa", "")) {
            long block;
            String rows;
            try (PreparedStatement select = db.prepareStatement(
                    "select id, rows_json from message_log_block where row_count >= 3 order by id");
                 ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                block = rs.getLong(1);
                rows = rs.getString(2);
            }
            String line = rows.lines().skip(1).findFirst().orElseThrow();
            JsonNode row = JSON.readTree(line);
            id = row.path("id").asLong();
            number = row.path("entry").path("sequence").asLong();
            try (PreparedStatement update = db.prepareStatement("update message_log_block set rows_json = ? where id = ?")) {
                update.setString(1, rows.replace(line + "\n", ""));
                update.setLong(2, block);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
        HubProcess second = HubProcess.start(data, port, "second", RATE);
        try {
            JsonNode verified = get(port, "/api/v1/admin/message-log/verify");
            assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isFalse();
            assertThat(verified.path("missing")).hasSize(1);
            JsonNode missing = verified.path("missing").path(0);
            assertThat(missing.path("fromNumber").asLong()).isEqualTo(number);
            assertThat(missing.path("toNumber").asLong()).isEqualTo(number);
            assertThat(missing.path("afterRowId").asLong()).isEqualTo(id - 1);
            assertThat(missing.path("beforeRowId").asLong()).isEqualTo(id + 1);
            assertThat(verified.path("reason").asText()).isNotBlank();

            post(port, "/api/v1/admin/message-log/archive?olderThan=" + Instant.now());
            assertThat(MessageLogArchiveVerifier.verify(data.resolve("message-log/archive")))
                    .anyMatch(p -> p.contains("row number " + number + " missing between row " + (id - 1)
                            + " and row " + (id + 1)));
            ReliabilityLedger.record(AREA, "a row taken out of the database", 1, 0,
                    "named by its number online and in the archive files");
        } finally {
            second.close();
        }
    }

    /** {@code count} GETs through the front door, each under its own correlation id; answers the ids. */
    private static List<String> exchanges(int port, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        String run = prefix + System.nanoTime() + "-";
        for (int i = 0; i < count; i++) {
            String id = run + i;
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/evisa/applications/none-" + i))
                    .header("X-Api-Key", "sandbox-front-door-key").header("X-Correlation-Id", id)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
            ids.add(id);
        }
        return ids;
    }

    private static JsonNode get(int port, String path) throws IOException, InterruptedException {
        return send(port, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
    }

    private static JsonNode post(int port, String path) throws IOException, InterruptedException {
        return send(port, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static JsonNode send(int port, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(request.header("X-Api-Key", "sandbox-operator-key")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** The journal's segments not yet in the database. */
    private static List<Path> segments(Path data) throws IOException {
        Path journal = data.resolve("message-log/journal");
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
