package kz.qazeta.hub.exchange.messagelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The message log's write-ahead journal on local disk. A message's row is appended here on the exchange's own
 * thread (a line in a file: microseconds, and it survives the process dying); {@link MessageLogWriter} moves
 * closed segments into the database in order and deletes them once committed. While the database is down the
 * segments simply wait here, so no row is lost and no exchange waits for the database.
 */
@Component
public class MessageLogJournal {

    private final Path directory;
    private final ObjectMapper json;
    private Writer current;
    private Path currentPath;
    private long lines;
    private long sequence;

    public MessageLogJournal(@Value("${qazeta.data-dir}/message-log/journal") Path directory, ObjectMapper json)
            throws IOException {
        this.directory = Files.createDirectories(directory);
        this.json = json;
        // segments left by an earlier run (a crash, a database outage) keep their place before new ones
        try (Stream<Path> left = Files.list(directory)) {
            this.sequence = left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("segment-") && n.endsWith(".jsonl"))
                    .mapToLong(n -> Long.parseLong(n.substring(8, n.length() - 6))).max().orElse(0);
        }
    }

    public synchronized void append(MessageLogEntry entry) {
        try {
            if (current == null) {
                currentPath = directory.resolve("segment-%019d.jsonl".formatted(++sequence));
                current = Files.newBufferedWriter(currentPath, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            current.write(json.writeValueAsString(entry));
            current.write('\n');
            current.flush();
            lines++;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the message-log journal in " + directory, e);
        }
    }

    /** Closes the segment being written (if it has anything), so the writer can take it. */
    public synchronized void rotate() throws IOException {
        if (current != null && lines > 0) {
            current.close();
            current = null;
            lines = 0;
        }
    }

    /** Closed segments, oldest first. */
    public synchronized List<Path> closedSegments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .filter(p -> !p.equals(currentPath) || current == null)
                    .sorted().toList();
        }
    }

    public List<MessageLogEntry> read(Path segment) throws IOException {
        try (Stream<String> lines = Files.lines(segment, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).map(l -> {
                try {
                    return json.readValue(l, MessageLogEntry.class);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("Unreadable message-log journal line in " + segment, e);
                }
            }).toList();
        }
    }
}
