package kz.qazeta.hub.exchange.messagelog;

import java.time.Instant;

/**
 * One message in or out of the hub, as the message log keeps it. {@code body} is already masked (or null when
 * the service keeps metadata only); {@code bodyHash} is the SHA-256 of the body as it travelled, so whoever
 * holds the original can prove it.
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
        String body) {

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
