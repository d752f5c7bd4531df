package kz.qazeta.hub.exchange.messagelog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's numbering alone, across what a restart leaves: segments already stored and deleted, a segment
 * still waiting, and a line the process died in the middle of writing.
 */
class MessageLogJournalNumbersTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void numberingGoesOnAcrossRestartsAndAHalfWrittenLineGivesItsNumberToTheNextRow(@TempDir Path dir) throws Exception {
        MessageLogJournal first = new MessageLogJournal(dir, json);
        first.append(entry("a"));
        first.append(entry("b"));
        first.append(entry("c"));
        first.rotate();
        MessageLogJournal.Segment stored = first.closedSegments().get(0);
        first.applied(stored);                       // in the database, its file gone
        first.append(entry("d"));
        first.append(entry("e"));
        // killed while writing the next row: half a line at the end of the segment being written
        Path writing = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
        Files.writeString(writing, "{\"journal\":\"" + first.id() + "\",\"sequence\":6,\"entryId\":\"ha",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        MessageLogJournal second = new MessageLogJournal(dir, json);
        second.append(entry("f"));
        second.rotate();
        List<MessageLogJournal.Segment> left = second.closedSegments();

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(left).hasSize(2);
        assertThat(second.read(left.get(0))).extracting(MessageLogEntry::entryId, MessageLogEntry::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d", 4L), org.assertj.core.groups.Tuple.tuple("e", 5L));
        assertThat(second.read(left.get(1))).extracting(MessageLogEntry::entryId, MessageLogEntry::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f", 6L));
        // no segment name is ever given twice: not the stored one's, not the waiting one's
        assertThat(left).extracting(MessageLogJournal.Segment::name).doesNotContain(stored.name()).doesNotHaveDuplicates();
        assertThat(Files.readString(left.get(0).file())).doesNotContain("\"ha");
    }

    private static MessageLogEntry entry(String id) {
        return new MessageLogEntry(id, Instant.now(), "c", "p", "s", Direction.IN, Channel.REST, "/x", Outcome.OK,
                null, 200, 1, 1L, null, "x");
    }
}
