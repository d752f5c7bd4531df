package kz.qazeta.hub.evisa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import kz.qazeta.hub.evisa.EvisaApplication.HistoryEntry;
import kz.qazeta.hub.traveller.Traveller;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The e-Visa applications in the hub's database. Every status change goes through {@link #transition}, which
 * only moves an application from a status it expects, so a step that runs twice (a redelivered message, a
 * repeated callback) changes nothing the second time.
 */
@Repository
public class EvisaApplications {

    /** Columns a step may set along with a transition. */
    public enum Column {
        PAYMENT_ID, PAYMENT_URL, PAYMENT_AMOUNT, PAYMENT_CURRENCY,
        VISA_NUMBER, VISA_VALID_FROM, VISA_VALID_UNTIL, VISA_ENTRIES, REASON_CODE, REASON_DETAIL
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public EvisaApplications(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void insert(String id, String owner, String correlationId, String idempotencyKey, String requestHash,
                       EvisaApplicationRequest request, Duration watchdog) {
        OffsetDateTime now = now();
        Traveller a = request.applicant();
        var params = new MapSqlParameterSource()
                .addValue("id", id).addValue("owner", owner).addValue("status", EvisaStatus.RECEIVED.name())
                .addValue("correlationId", correlationId).addValue("idempotencyKey", idempotencyKey)
                .addValue("requestHash", requestHash)
                .addValue("passportNumber", a.passportNumber()).addValue("passportType", a.passportType().name())
                .addValue("nationality", a.nationality()).addValue("surname", a.surname())
                .addValue("givenNames", a.givenNames()).addValue("dateOfBirth", a.dateOfBirth())
                .addValue("sex", a.sex().name()).addValue("passportExpiry", a.passportExpiry())
                .addValue("category", request.category()).addValue("invitationNumber", request.invitationNumber())
                .addValue("intendedEntryDate", request.intendedEntryDate())
                .addValue("arrivalAirport", request.arrivalAirport())
                .addValue("nextAttemptAt", now.plus(watchdog)).addValue("now", now);
        jdbc.update("""
                insert into evisa_application (id, owner, status, correlation_id, idempotency_key, request_hash,
                    passport_number, passport_type, nationality, surname, given_names, date_of_birth, sex,
                    passport_expiry, category, invitation_number, intended_entry_date, arrival_airport,
                    attempts, next_attempt_at, created_at, updated_at)
                values (:id, :owner, :status, :correlationId, :idempotencyKey, :requestHash,
                    :passportNumber, :passportType, :nationality, :surname, :givenNames, :dateOfBirth, :sex,
                    :passportExpiry, :category, :invitationNumber, :intendedEntryDate, :arrivalAirport,
                    0, :nextAttemptAt, :now, :now)
                """, params);
        recordHistory(id, EvisaStatus.RECEIVED, null, now);
    }

    public Optional<EvisaApplication> find(String id) {
        return jdbc.query("select * from evisa_application where id = :id", Map.of("id", id), this::map)
                .stream().findFirst();
    }

    /** The application as its owners see it: one of {@code owners} created it (else, to them, there is none). */
    public Optional<EvisaApplication> find(String id, List<String> owners) {
        return jdbc.query("select * from evisa_application where id = :id and owner in (:owners)",
                new MapSqlParameterSource().addValue("id", id).addValue("owners", owners), this::map).stream().findFirst();
    }

    /** The application {@code owner} made earlier under its Idempotency-Key (another partner's keys are its own). */
    public Optional<EvisaApplication> findByIdempotencyKey(String owner, String key) {
        return jdbc.query("select * from evisa_application where owner = :owner and idempotency_key = :key",
                Map.of("owner", owner, "key", key), this::map).stream().findFirst();
    }

    public Optional<EvisaApplication> findByPaymentId(String paymentId) {
        return jdbc.query("select * from evisa_application where payment_id = :paymentId",
                Map.of("paymentId", paymentId), this::map).stream().findFirst();
    }

    /** Whether another application that has not ended badly already rests on this invitation. */
    public boolean invitationInUse(String invitationNumber) {
        Integer count = jdbc.queryForObject("""
                select count(*) from evisa_application
                where invitation_number = :number and status not in ('REJECTED', 'REFUSED')
                """, Map.of("number", invitationNumber), Integer.class);
        return count != null && count > 0;
    }

    public List<HistoryEntry> history(String id) {
        return jdbc.query("""
                select status, at, reason_code from evisa_status_history where application_id = :id order by id
                """, Map.of("id", id), (rs, n) -> new HistoryEntry(EvisaStatus.valueOf(rs.getString("status")),
                rs.getObject("at", OffsetDateTime.class), rs.getString("reason_code")));
    }

    /**
     * Moves the application to {@code to} if it is in one of {@code from}, setting the given columns too.
     * {@code watchdog} is when the resume poller should look again if the next step never happens (null: never).
     *
     * @return whether it moved
     */
    @Transactional
    public boolean transition(String id, Set<EvisaStatus> from, EvisaStatus to, Map<Column, Object> columns,
                              Duration watchdog) {
        OffsetDateTime now = now();
        var params = new MapSqlParameterSource().addValue("id", id).addValue("to", to.name())
                .addValue("from", from.stream().map(Enum::name).toList()).addValue("now", now)
                .addValue("nextAttemptAt", watchdog == null ? null : now.plus(watchdog));
        StringBuilder set = new StringBuilder("status = :to, updated_at = :now, attempts = 0, next_attempt_at = :nextAttemptAt");
        columns.forEach((column, value) -> {
            String name = column.name().toLowerCase();
            set.append(", ").append(name).append(" = :").append(name);
            params.addValue(name, value);
        });
        int moved = jdbc.update("update evisa_application set " + set + " where id = :id and status in (:from)", params);
        if (moved == 1) {
            recordHistory(id, to, (String) columns.get(Column.REASON_CODE), now);
        }
        return moved == 1;
    }

    /**
     * Records that a step could not be done now: the application moves to (or stays in) {@code status} and the
     * resume poller tries again after a back-off that grows with the attempts.
     *
     * @return the number of attempts so far, or 0 if the application was not in one of {@code from}
     */
    @Transactional
    public int postpone(String id, Set<EvisaStatus> from, EvisaStatus status, Duration firstBackoff, Duration maxBackoff) {
        EvisaApplication current = find(id).orElse(null);
        if (current == null || !from.contains(current.status())) {
            return 0;
        }
        int attempts = jdbc.queryForObject("select attempts from evisa_application where id = :id",
                Map.of("id", id), Integer.class) + 1;
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(attempts - 1, 10));
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff;
        }
        OffsetDateTime now = now();
        jdbc.update("""
                update evisa_application set status = :status, attempts = :attempts, next_attempt_at = :next,
                    updated_at = :now where id = :id
                """, new MapSqlParameterSource().addValue("id", id).addValue("status", status.name())
                .addValue("attempts", attempts).addValue("next", now.plus(backoff)).addValue("now", now));
        if (current.status() != status) {
            recordHistory(id, status, null, now);
        }
        return attempts;
    }

    /**
     * Applications whose next step is due (the hub owes it and nothing has happened by its watchdog time);
     * each one's watchdog is pushed back by {@code grace} so that it is handed out once per period.
     */
    @Transactional
    public List<EvisaApplication> claimDue(int limit, Duration grace) {
        OffsetDateTime now = now();
        var params = new MapSqlParameterSource()
                .addValue("statuses", EvisaStatus.RESUMABLE.stream().map(Enum::name).toList())
                .addValue("now", now).addValue("limit", limit);
        List<EvisaApplication> due = jdbc.query("""
                select * from evisa_application
                where status in (:statuses) and next_attempt_at <= :now
                order by next_attempt_at fetch first :limit rows only
                """, params, this::map);
        if (!due.isEmpty()) {
            jdbc.update("update evisa_application set next_attempt_at = :next where id in (:ids)",
                    new MapSqlParameterSource().addValue("next", now.plus(grace))
                            .addValue("ids", due.stream().map(EvisaApplication::id).toList()));
        }
        return due;
    }

    /** How many applications are in each status (for operators and the tests' bookkeeping). */
    public Map<EvisaStatus, Integer> countByStatus() {
        Map<EvisaStatus, Integer> counts = new LinkedHashMap<>();
        jdbc.query("select status, count(*) n from evisa_application group by status", Map.of(),
                rs -> {
                    counts.put(EvisaStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                });
        return counts;
    }

    private void recordHistory(String id, EvisaStatus status, String reasonCode, OffsetDateTime at) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("status", status.name());
        params.put("at", at);
        params.put("reasonCode", reasonCode);
        jdbc.update("""
                insert into evisa_status_history (application_id, status, at, reason_code)
                values (:id, :status, :at, :reasonCode)
                """, params);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private EvisaApplication map(ResultSet rs, int row) throws SQLException {
        var applicant = new Traveller(rs.getString("passport_number"),
                Traveller.PassportType.valueOf(rs.getString("passport_type")),
                rs.getString("nationality"), rs.getString("surname"), rs.getString("given_names"),
                rs.getObject("date_of_birth", LocalDate.class),
                Traveller.Sex.valueOf(rs.getString("sex")),
                rs.getObject("passport_expiry", LocalDate.class));
        var request = new EvisaApplicationRequest(applicant, rs.getString("category"),
                rs.getString("invitation_number"), rs.getObject("intended_entry_date", LocalDate.class),
                rs.getString("arrival_airport"), null);
        var payment = rs.getString("payment_id") == null ? null : new EvisaApplication.Payment(
                rs.getString("payment_id"), rs.getString("payment_url"), rs.getBigDecimal("payment_amount"),
                rs.getString("payment_currency"));
        var visa = rs.getString("visa_number") == null ? null : new EvisaApplication.Visa(
                rs.getString("visa_number"), rs.getObject("visa_valid_from", LocalDate.class),
                rs.getObject("visa_valid_until", LocalDate.class), rs.getString("visa_entries"));
        var reason = rs.getString("reason_code") == null ? null
                : new EvisaApplication.Reason(rs.getString("reason_code"), rs.getString("reason_detail"));
        return new EvisaApplication(rs.getString("id"), EvisaStatus.valueOf(rs.getString("status")),
                rs.getString("correlation_id"), rs.getString("idempotency_key"), rs.getString("request_hash"),
                request, payment, visa, reason,
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

}
