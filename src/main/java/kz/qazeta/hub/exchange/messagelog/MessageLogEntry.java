package kz.qazeta.hub.exchange.messagelog;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message in or out of the hub, as the message log keeps it. {@code body} is already masked (or null when
 * the service keeps metadata only); {@code bodyHash} is the SHA-256 of the body as it travelled, so whoever
 * holds the original can prove it.
 * <p>
 * {@code journal} and {@code sequence} say where the row was written: the journal (one per hub instance) and the
 * row's number in it, 1, 2, 3... with no gap, kept across restarts. The chain covers both, so a row that never
 * reached the log, or was taken out of it, shows as a missing number. Rows written before numbering have neither.
 */
public record MessageLogEntry(
        String entryId,
        Instant at,
        String correlationId,
        String partner,
        String service,
        Direction direction,
        Channel channel,
        String endpoint,
        Outcome outcome,
        String faultCode,
        Integer statusCode,
        long size,
        Long durationMs,
        String bodyHash,
        String body,
        @JsonInclude(JsonInclude.Include.NON_NULL) String journal,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long sequence) {

    /** A row not yet journalled: the journal numbers it. */
    public MessageLogEntry(String entryId, Instant at, String correlationId, String partner, String service,
                           Direction direction, Channel channel, String endpoint, Outcome outcome, String faultCode,
                           Integer statusCode, long size, Long durationMs, String bodyHash, String body) {
        this(entryId, at, correlationId, partner, service, direction, channel, endpoint, outcome, faultCode,
                statusCode, size, durationMs, bodyHash, body, null, null);
    }

    /** This row as number {@code sequence} of {@code journal}. */
    public MessageLogEntry numbered(String journal, long sequence) {
        return new MessageLogEntry(entryId, at, correlationId, partner, service, direction, channel, endpoint, outcome,
                faultCode, statusCode, size, durationMs, bodyHash, body, journal, sequence);
    }

    /** Seen from the hub: IN is received by it, OUT is sent by it. */
    public enum Direction { IN, OUT }

    public enum Channel { REST, SOAP, JMS, SQL }

    public enum Outcome {
        OK,
        /** the hub refused it (4xx, a SOAP client fault) */
        REFUSED,
        /** it failed (5xx, a fault, an exception, a time-out) */
        FAULT
    }
}
