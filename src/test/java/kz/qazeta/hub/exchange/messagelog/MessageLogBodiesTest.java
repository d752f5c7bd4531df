package kz.qazeta.hub.exchange.messagelog;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What of a body the message log keeps: a field masked only inside its parent, and documents that are not text. */
class MessageLogBodiesTest {

    private final PersonalDataMask mask = new PersonalDataMask(List.of("surname", "document.number"));

    @Test
    void aFieldNamedWithItsParentIsMaskedOnlyThere() {
        String body = "{\"holder\":{\"document\":{\"type\":\"PASSPORT\",\"number\":\"N1234567\"},\"surname\":\"SMITH\"},"
                + "\"eta\":{\"number\":\"KZ-ETA-123\"},\"documents\":[{\"document\":{\"number\":\"P7654321\"}}]}";

        String masked = mask.mask(body);

        assertThat(masked).doesNotContain("1234567", "7654321", "SMITH")
                .contains("\"number\":\"N*******\"", "\"number\":\"KZ-ETA-123\"", "\"type\":\"PASSPORT\"");
        // in XML, by element name only: a dotted name masks nothing there
        assertThat(mask.mask("<number>KZ-1</number><surname>SMITH</surname>")).contains("<number>KZ-1</number>")
                .doesNotContain("SMITH");
    }

    @Test
    void aDocumentThatIsNotTextIsKeptByItsSizeAndHashOnly() {
        byte[] pdf = {'%', 'P', 'D', 'F', '-', '1', '.', '6', '\n', '%', (byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3};

        assertThat(MessageLog.isText(pdf)).isFalse();
        assertThat(MessageLog.isText("{\"surname\":\"Мүллер\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
    }
}
