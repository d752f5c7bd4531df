package kz.qazeta.hub.exchange.messagelog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

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

    public void record(Message m) {
        LogMode mode = directory.logMode(m.service());
        if (mode == LogMode.NONE) {
            return;
        }
        byte[] raw = m.body() == null ? new byte[0] : m.body();
        String body = null;
        if (mode == LogMode.FULL && raw.length > 0) {
            body = mask.mask(new String(raw, StandardCharsets.UTF_8));
            if (body.length() > maxBodyChars) {
                body = body.substring(0, maxBodyChars) + "…[truncated]";
            }
        }
        journal.append(new MessageLogEntry(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                m.correlationId(), m.partner(), m.service(), m.direction(), m.channel(), m.endpoint(), m.outcome(),
                m.faultCode(), m.statusCode(), raw.length, m.durationMs(),
                raw.length == 0 ? null : MessageLogChain.sha256(raw), body));
    }
}
