package kz.qazeta.hub.exchange.messagelog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * share a name in the database's record of applied segments, and numbers its rows 1, 2, 3... across restarts
 * (see {@link MessageLogEntry}), so that a row missing from the log shows as a missing number.
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
    /** The number given to the last row written. */
    private long sequence;
    /** The number of the last row in a closed segment. */
    private long sealed;
    private final Path numbered;
    /** Segments of numbered rows: {@code segment-from-<first row's number>.jsonl}. */
    private static final String NUMBERED = "segment-from-";

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
        this.numbered = directory.resolve("journal.numbered");
        // numbering goes on after every row this journal ever numbered: those of segments already in the
        // database (the file written when a segment closes) and those of segments still here
        long last = Files.exists(numbered) ? Long.parseLong(Files.readString(numbered).trim()) : 0;
        for (Path left : segmentFiles()) {
            cutHalfWrittenLine(left);
        }
        // the newest numbered segment holds the highest number (its name, its first, is a floor should none be readable)
        List<Path> left = segmentFiles().stream().filter(p -> p.getFileName().toString().startsWith(NUMBERED)).toList();
        if (!left.isEmpty()) {
            Path newest = left.get(left.size() - 1);
            String name = newest.getFileName().toString();
            last = Math.max(last, Math.max(Long.parseLong(name.substring(NUMBERED.length(), name.length() - 6)),
                    lastNumberIn(newest)));
        }
        this.sequence = last;
        this.sealed = last;
    }

    /** This journal's id: the first part of its segments' names and every row's {@code journal}. */
    public String id() {
        return journalId;
    }

    /** The number the journal gave its last row. */
    public synchronized long lastNumbered() {
        return sequence;
    }

    /** The number of the last row in a closed segment: everything up to it is the writer's to store. */
    public synchronized long sealed() {
        return sealed;
    }

    /**
     * Numbering goes on after {@code stored}, the last number of this journal the database holds, should the
     * journal's own record of it have been lost.
     */
    public synchronized void continueAfter(long stored) {
        if (stored > sequence) {
            LOG.warn("The message-log journal {} numbered up to {}, the database holds up to {}: numbering goes on from there",
                    journalId, sequence, stored);
            sequence = stored;
            sealed = Math.max(sealed, stored);
        }
    }

    public void append(MessageLogEntry entry) {
        String text;
        try {
            text = entries.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            long number = sequence + 1;
            // the number goes in front of the JSON written outside the lock; the entry's own has no such fields
            String numberedText = "{\"journal\":\"" + journalId + "\",\"sequence\":" + number + "," + text.substring(1);
            byte[] line = (numberedText + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                if (current == null) {
                    currentPath = directory.resolve(NUMBERED + "%019d.jsonl".formatted(number));
                    current = Files.newOutputStream(currentPath, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                current.write(line);
                // a number is given only to a row that is written: a failed write leaves no gap
                sequence = number;
                currentEntries.add(new Journalled(entry.numbered(journalId, number), numberedText));
                lines++;
            } catch (IOException e) {
                close(); // the next append starts a fresh segment
                throw new UncheckedIOException("Cannot write the message-log journal in " + directory, e);
            }
        }
    }

    /**
     * Closes the segment being written (if it has anything), so the writer can take it. Its last number is written
     * down first: once the writer has stored the segment and deleted it, that file is where numbering goes on from.
     */
    public synchronized void rotate() throws IOException {
        if (current != null && lines > 0) {
            Path next = numbered.resolveSibling(numbered.getFileName() + ".next");
            Files.writeString(next, Long.toString(sequence));
            Files.move(next, numbered, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            sealed = sequence;
            Path closed = currentPath;
            List<Journalled> entries = currentEntries;
            close();
            // while the database is away, segments pile up on disk only: memory stays bounded
            if (closedEntries.size() < ENTRIES_KEPT_FOR_SEGMENTS) {
                closedEntries.put(closed, entries);
            }
        }
    }

    /**
     * Closed segments, oldest first. A segment is named after its first row's number, which is never given twice,
     * so its name in the database's record of applied segments is never one already there. (Segments of the
     * journal before numbering, {@code segment-<counter>.jsonl}, sort first: the counter began again at every
     * start, which is why a new segment could be taken for one applied before and skipped.)
     */
    public synchronized List<Segment> closedSegments() throws IOException {
        return segmentFiles().stream().filter(p -> current == null || !p.equals(currentPath))
                .map(p -> new Segment(p, journalId + "/" + p.getFileName())).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")
                    && p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /**
     * A line the process died in the middle of writing (kill -9) is cut off the segment left behind: its row was
     * never complete, and its number goes to the next row, so the numbering has no gap. A segment left empty goes.
     */
    private static void cutHalfWrittenLine(Path segment) throws IOException {
        long size = Files.size(segment);
        if (size == 0) {
            Files.delete(segment);
            return;
        }
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                file.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end == size) {
                return;
            }
            LOG.warn("The message-log journal segment {} ends in a half-written line ({} bytes): it is cut off",
                    segment.getFileName(), size - end);
            file.truncate(end);
        }
        if (Files.size(segment) == 0) {
            Files.delete(segment);
        }
    }

    /** The highest row number in a segment left by an earlier run (0 when it has none: a segment before numbering). */
    private long lastNumberIn(Path segment) throws IOException {
        long last = 0;
        for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.charAt(0) == 0) {
                continue;
            }
            try {
                last = Math.max(last, json.readTree(line).path("sequence").asLong(0));
            } catch (JsonProcessingException unreadable) {
                // reported when the writer reads the segment
            }
        }
        return last;
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
