package kz.qazeta.hub.evisa;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One e-Visa application as the hub keeps it. */
public record EvisaApplication(
        String id,
        EvisaStatus status,
        String correlationId,
        String idempotencyKey,
        String requestHash,
        EvisaApplicationRequest request,
        Payment payment,
        Visa visa,
        Reason reason,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public record Payment(String id, String url, BigDecimal amount, String currency) {
    }

    public record Visa(String number, LocalDate validFrom, LocalDate validUntil, String entries) {
    }

    /** Why an application ended badly: a stable code, and the partner's own words where it gave some. */
    public record Reason(String code, String detail) {
    }

    public record HistoryEntry(EvisaStatus status, OffsetDateTime at, String reasonCode) {
    }
}
