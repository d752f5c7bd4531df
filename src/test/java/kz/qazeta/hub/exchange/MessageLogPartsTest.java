package kz.qazeta.hub.exchange;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import kz.qazeta.hub.exchange.messagelog.MessageLogJournal;
import kz.qazeta.hub.exchange.messagelog.PersonalDataMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The message log's parts alone: masking and the journal. */
class MessageLogPartsTest {

    private final PersonalDataMask mask = new PersonalDataMask(
            List.of("passportNumber", "surname", "givenNames", "iin", "dateOfBirth"));

    @Test
    void masksJsonWhateverItsSpelling() {
        String body = "{\"applicant\":{\"passportNumber\":\"N1234567\",\"surname\":\"BR\\\"OWNISH\","
                + "\"passport\\u004eumber2\":\"x\",\"SURNAME\":\"SMITH\"},\"iin\":900101300123,"
                + "\"people\":[{\"givenNames\":\"ALEX\"}],\"category\":\"B12\"}";

        String masked = mask.mask(body);

        assertThat(masked).doesNotContain("1234567", "OWNISH", "SMITH", "900101300123", "ALEX")
                .contains("\"passportNumber\":\"N***", "\"category\":\"B12\"", "\"iin\":\"9***");
    }

    @Test
    void masksXmlElementsWithOrWithoutPrefix() {
        String soap = "<ns2:CheckInvitationResponse><ns2:passportNumber>N1234567</ns2:passportNumber>"
                + "<surname>BROWN</surname><category>B12</category></ns2:CheckInvitationResponse>";

        assertThat(mask.mask(soap)).doesNotContain("1234567", "ROWN").contains("<category>B12</category>");
    }

    @Test
    void aHalfWrittenJournalLineIsPassedOverAndTheRestRead(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        MessageLogJournal journal = new MessageLogJournal(dir, json);
        journal.append(entry("a", "emoji at the edge: \uD83D\uDE00"));
        journal.rotate();
        journal.append(entry("b", "second"));
        journal.rotate();
        var segments = journal.closedSegments();
        Files.writeString(segments.get(0).file(), "{\"entryId\":\"half", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(journal.read(segments.get(0))).extracting(MessageLogEntry::entryId).containsExactly("a");
        assertThat(journal.read(segments.get(1))).extracting(MessageLogEntry::body).containsExactly("second");
        assertThat(segments.get(0).name()).isNotEqualTo(segments.get(1).name()).contains("/segment-");
    }

    private static MessageLogEntry entry(String id, String body) {
        return new MessageLogEntry(id, Instant.now(), "c", "p", "s", Direction.IN, Channel.REST, "/x", Outcome.OK,
                null, 200, body.length(), 1L, null, body);
    }
}
