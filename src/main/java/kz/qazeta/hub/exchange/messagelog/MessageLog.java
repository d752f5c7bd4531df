package kz.qazeta.hub.exchange.messagelog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory.LogMode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where every message in or out of the hub is recorded: applies the service's policy (full masked body,
 * metadata only, or nothing), hashes and masks the body, and appends the row to the journal.
 */
@Component
public class MessageLog {

    /** What an exchange point knows about one message. */
    public record Message(String correlationId, String partner, String service, Direction direction, Channel channel,
                          String endpoint, Outcome outcome, String faultCode, Integer statusCode, byte[] body,
                          Long durationMs) {
    }

    private final MessageLogJournal journal;
    private final PersonalDataMask mask;
    private final ExchangeDirectory directory;
    private final int maxBodyChars;

    public MessageLog(MessageLogJournal journal, PersonalDataMask mask, ExchangeDirectory directory,
                      @Value("${qazeta.exchange.message-log.max-body-chars}") int maxBodyChars) {
        this.journal = journal;
        this.mask = mask;
        this.directory = directory;
        this.maxBodyChars = maxBodyChars;
    }

    /** Whether the service's messages are logged at all: where not, a caller need not prepare its message. */
    public boolean keeps(String service) {
        return directory.logMode(service) != LogMode.NONE;
    }

    public void record(Message m) {
        LogMode mode = directory.logMode(m.service());
        if (mode == LogMode.NONE) {
            return;
        }
        byte[] raw = m.body() == null ? new byte[0] : m.body();
        String body = null;
        if (mode == LogMode.FULL && raw.length > 0 && isText(raw)) {
            body = cut(mask.mask(new String(raw, StandardCharsets.UTF_8)), maxBodyChars);
        }
        // whatever a caller sent, a row fits its columns: a row that cannot be stored would hold up the log
        journal.append(new MessageLogEntry(rowId(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                cut(m.correlationId(), 100), m.partner(), m.service(), m.direction(), m.channel(), cut(m.endpoint(), 300),
                m.outcome(), cut(m.faultCode(), 100), m.statusCode(), raw.length, m.durationMs(),
                raw.length == 0 ? null : MessageLogChain.sha256(raw), body));
    }

    /**
     * A row's id: a random (version 4) UUID from the thread's own generator. It only has to be unique, not
     * unguessable, and {@link UUID#randomUUID()} would take every row's bits from the shared SecureRandom.
     */
    static String rowId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
    }

    /** Whether a body is text (UTF-8): a document such as a PDF is logged by its size and hash, not its bytes. */
    static boolean isText(byte[] raw) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw));
            return true;
        } catch (java.nio.charset.CharacterCodingException binary) {
            return false;
        }
    }

    /** At most {@code max} characters, never half a surrogate pair; a cut text says so. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String marker = "…";
        int end = max - marker.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + marker;
    }
}
