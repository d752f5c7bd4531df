package kz.qazeta.hub.exchange.messagelog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The message log's write-ahead journal on local disk. A message's row is appended here on the exchange's own
 * thread (one line of JSON bytes, written through to the operating system: microseconds, and it survives the
 * process dying); {@link MessageLogWriter} moves closed segments into the database in order and deletes them
 * once committed. While the database is down the segments simply wait here, so no row is lost and no exchange
 * waits for the database. Each journal has an id of its own, so that segments of several hub instances never
 * share a name in the database's record of applied segments.
 */
@Component
public class MessageLogJournal {

    /** A closed segment: its database-wide name and the rows it holds. */
    public record Segment(Path file, String name) {
    }

    /** A row as journalled: the entry and its JSON (the form the store keeps it in, so it is written once). */
    public record Journalled(MessageLogEntry entry, String json) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageLogJournal.class);

    private final Path directory;
    private final String journalId;
    private final ObjectMapper json;
    private final ObjectWriter entries;
    private OutputStream current;
    private Path currentPath;
    private long lines;
    /** The entries of the segment being written and of recently closed ones, so the writer need not re-read them. */
    private List<Journalled> currentEntries = new ArrayList<>();
    private final Map<Path, List<Journalled>> closedEntries = new LinkedHashMap<>();
    private static final int ENTRIES_KEPT_FOR_SEGMENTS = 64;
    private long sequence;

    public MessageLogJournal(@Value("${qazeta.data-dir}/message-log/journal") Path directory, ObjectMapper json)
            throws IOException {
        this.directory = Files.createDirectories(directory);
        this.json = json;
        this.entries = json.writerFor(MessageLogEntry.class);
        Path id = directory.resolve("journal.id");
        if (!Files.exists(id)) {
            Files.writeString(id, UUID.randomUUID().toString());
        }
        this.journalId = Files.readString(id).trim();
        // segments left by an earlier run (a crash, a database outage) keep their place before new ones
        try (Stream<Path> left = Files.list(directory)) {
            this.sequence = left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("segment-") && n.endsWith(".jsonl"))
                    .mapToLong(n -> Long.parseLong(n.substring(8, n.length() - 6))).max().orElse(0);
        }
    }

    public void append(MessageLogEntry entry) {
        String text;
        try {
            text = entries.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                if (current == null) {
                    currentPath = directory.resolve("segment-%019d.jsonl".formatted(++sequence));
                    current = Files.newOutputStream(currentPath, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                current.write(line);
                currentEntries.add(new Journalled(entry, text));
                lines++;
            } catch (IOException e) {
                close(); // the next append starts a fresh segment
                throw new UncheckedIOException("Cannot write the message-log journal in " + directory, e);
            }
        }
    }

    /** Closes the segment being written (if it has anything), so the writer can take it. */
    public synchronized void rotate() {
        if (current != null && lines > 0) {
            Path closed = currentPath;
            List<Journalled> entries = currentEntries;
            close();
            // while the database is away, segments pile up on disk only: memory stays bounded
            if (closedEntries.size() < ENTRIES_KEPT_FOR_SEGMENTS) {
                closedEntries.put(closed, entries);
            }
        }
    }

    /** Closed segments, oldest first. */
    public synchronized List<Segment> closedSegments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")
                            && p.getFileName().toString().endsWith(".jsonl"))
                    .filter(p -> current == null || !p.equals(currentPath))
                    .sorted().map(p -> new Segment(p, journalId + "/" + p.getFileName())).toList();
        }
    }

    /**
     * The rows of a segment. A line that cannot be read (half written when the process died in the middle of
     * it; its exchange never completed) is reported and passed over.
     */
    public List<MessageLogEntry> read(Segment segment) throws IOException {
        return records(segment).stream().map(Journalled::entry).toList();
    }

    /** The rows of a segment with their JSON, as {@link #read} reads them. */
    public List<Journalled> records(Segment segment) throws IOException {
        synchronized (this) {
            List<Journalled> kept = closedEntries.get(segment.file());
            if (kept != null) {
                return kept;
            }
        }
        List<Journalled> entries = new ArrayList<>();
        for (String line : Files.readAllLines(segment.file(), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.charAt(0) == 0) {
                continue;
            }
            try {
                entries.add(new Journalled(json.readValue(line, MessageLogEntry.class), line));
            } catch (JsonProcessingException e) {
                LOG.error("An unreadable message-log journal line in {} is passed over ({} characters)",
                        segment.file().getFileName(), line.length());
            }
        }
        return entries;
    }

    /** The segment is in the database: its file and entries go. */
    public void applied(Segment segment) throws IOException {
        Files.delete(segment.file());
        synchronized (this) {
            closedEntries.remove(segment.file());
        }
    }

    /** Puts a segment the database refuses aside, so that the rows after it are not held up. */
    public void setAside(Segment segment) throws IOException {
        Files.move(segment.file(), segment.file().resolveSibling(segment.file().getFileName() + ".failed"));
        synchronized (this) {
            closedEntries.remove(segment.file());
        }
    }

    private void close() {
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException e) {
            LOG.error("Cannot close message-log journal segment {}", currentPath, e);
        }
        current = null;
        currentEntries = new ArrayList<>();
        lines = 0;
    }
}
