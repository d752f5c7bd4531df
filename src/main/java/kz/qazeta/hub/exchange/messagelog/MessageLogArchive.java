package kz.qazeta.hub.exchange.messagelog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Moves message-log rows older than the retention out of the database into archive files, as X-Road does:
 * one file per run, each a header and the rows as JSON lines, with a digest file beside it. The digest covers
 * the file and the previous archive's digest, and the first row follows the previous file's last row, so the
 * files form one chain that {@link MessageLogArchiveVerifier} checks offline.
 */
@Component("messageLogArchive")
public class MessageLogArchive {

    /** The first line of an archive file. */
    public record Header(String previousArchiveDigest, String anchorHash, long firstId, long lastId) {
    }

    /** One archived row: its position and chain fields along with the entry. */
    public record ArchivedRow(long id, String previousHash, String rowHash, MessageLogEntry entry) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageLogArchive.class);

    private final MessageLogStore store;
    private final MessageLogWriter writer;
    private final ObjectMapper json;
    private final Path directory;
    private final Duration retention;

    public MessageLogArchive(MessageLogStore store, MessageLogWriter writer, ObjectMapper json,
                             @Value("${qazeta.exchange.message-log.archive-dir}") Path directory,
                             @Value("${qazeta.exchange.message-log.retention}") Duration retention) {
        this.store = store;
        this.writer = writer;
        this.json = json;
        this.directory = directory;
        this.retention = retention;
    }

    /** Archives what the retention no longer keeps in the database. */
    public Map<String, Object> archiveExpired() throws IOException {
        return archive(Instant.now().minus(retention));
    }

    public synchronized Map<String, Object> archive(Instant before) throws IOException {
        writer.flush();
        // the prefix of the chain up to the newest expired row: the chain stays contiguous in the database
        List<MessageLogStore.Row> rows = store.olderThan(before);
        Map<String, Object> result = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            result.put("archivedRows", 0);
            return result;
        }
        Files.createDirectories(directory);
        long firstId = rows.get(0).id();
        long lastId = rows.get(rows.size() - 1).id();
        String previousDigest = store.lastArchiveDigest();
        Header header = new Header(previousDigest, rows.get(0).previousHash(), firstId, lastId);
        StringBuilder content = new StringBuilder(json.writeValueAsString(header)).append('\n');
        for (MessageLogStore.Row row : rows) {
            content.append(json.writeValueAsString(new ArchivedRow(row.id(), row.previousHash(), row.rowHash(), row.entry())))
                    .append('\n');
        }
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        String digest = digest(previousDigest, bytes);
        String name = "message-log-%s-%019d".formatted(rows.get(0).entry().at().atZone(ZoneOffset.UTC).toLocalDate(), firstId);
        Files.write(directory.resolve(name + ".jsonl"), bytes);
        Files.writeString(directory.resolve(name + ".sha256"), digest + "\n");
        Map<String, Long> archivedNumbers = new LinkedHashMap<>();
        rows.stream().map(MessageLogStore.Row::entry).filter(e -> e.sequence() != null)
                .forEach(e -> archivedNumbers.merge(e.journal(), e.sequence(), Math::max));
        store.markArchived(lastId, rows.get(rows.size() - 1).rowHash(), digest, archivedNumbers);
        LOG.info("Archived {} message-log rows ({}..{}) to {}", rows.size(), firstId, lastId, name);
        result.put("archivedRows", rows.size());
        result.put("file", directory.resolve(name + ".jsonl").toString());
        result.put("digest", digest);
        return result;
    }

    /** An archive's digest: over the previous archive's digest and the file's own SHA-256. */
    static String digest(String previousDigest, byte[] file) {
        return MessageLogChain.sha256(previousDigest + MessageLogChain.sha256(file));
    }
}
