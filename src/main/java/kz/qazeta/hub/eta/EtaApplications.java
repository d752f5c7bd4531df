package kz.qazeta.hub.eta;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import kz.qazeta.hub.traveller.Traveller;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** ETA applications in the hub's database; a status changes only from the status a step expects. */
@Repository
public class EtaApplications {

    public enum Status { RECEIVED, ISSUED, REFUSED, REVOKED }

    public enum Column { ETA_NUMBER, VALID_FROM, VALID_UNTIL, REASON_CODE, REASON_DETAIL }

    public record EtaApplication(String id, Status status, String correlationId, Traveller traveller,
                                 OffsetDateTime plannedArrival, String purpose, String etaNumber, LocalDate validFrom,
                                 LocalDate validUntil, String reasonCode, String reasonDetail,
                                 OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public record HistoryEntry(Status status, OffsetDateTime at, String reasonCode) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public EtaApplications(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void insert(String id, String owner, String correlationId, String idempotencyKey, String requestHash,
                       EtaApplicationRequest request) {
        OffsetDateTime now = now();
        Traveller t = request.traveller();
        jdbc.update("""
                insert into eta_application (id, owner, status, correlation_id, passport_number, passport_type, nationality,
                    surname, given_names, date_of_birth, sex, passport_expiry, planned_arrival, arrival_offset,
                    purpose, idempotency_key, request_hash, created_at, updated_at)
                values (:id, :owner, 'RECEIVED', :correlationId, :passportNumber, :passportType, :nationality, :surname,
                    :givenNames, :dateOfBirth, :sex, :passportExpiry, :plannedArrival, :offset, :purpose, :key, :hash, :now, :now)
                """, new MapSqlParameterSource().addValue("id", id).addValue("owner", owner).addValue("correlationId", correlationId)
                .addValue("passportNumber", t.passportNumber()).addValue("passportType", t.passportType().name())
                .addValue("nationality", t.nationality()).addValue("surname", t.surname())
                .addValue("givenNames", t.givenNames()).addValue("dateOfBirth", t.dateOfBirth())
                .addValue("sex", t.sex().name()).addValue("passportExpiry", t.passportExpiry())
                .addValue("plannedArrival", request.plannedArrival())
                .addValue("offset", request.plannedArrival().getOffset().getId())
                .addValue("purpose", request.purpose()).addValue("key", idempotencyKey).addValue("hash", requestHash)
                .addValue("now", now));
        history(id, Status.RECEIVED, null, now);
    }

    public Optional<EtaApplication> find(String id) {
        return jdbc.query("select * from eta_application where id = :id", Map.of("id", id), this::map).stream().findFirst();
    }

    /** The application as its owners see it: one of {@code owners} created it (else, to them, there is none). */
    public Optional<EtaApplication> find(String id, List<String> owners) {
        return jdbc.query("select * from eta_application where id = :id and owner in (:owners)",
                new MapSqlParameterSource().addValue("id", id).addValue("owners", owners), this::map).stream().findFirst();
    }

    /**
     * The application a repeated submission names by its Idempotency-Key, with the hash of what it sent then: the
     * key is the owner's own (another partner's same key names another application).
     */
    public Optional<Map.Entry<EtaApplication, String>> findByIdempotencyKey(String owner, String key) {
        return jdbc.query("select * from eta_application where owner = :owner and idempotency_key = :key",
                Map.of("owner", owner, "key", key),
                (rs, n) -> Map.entry(map(rs, n), rs.getString("request_hash"))).stream().findFirst();
    }

    /**
     * Applications received but not screened for {@code stalled} (their queue message lost to a crash, or no answer
     * came): their clock is restarted and their ids returned, so each is handed out once per period.
     */
    @Transactional
    public List<String> claimStalled(java.time.Duration stalled, int limit) {
        OffsetDateTime now = now();
        List<String> ids = jdbc.queryForList("""
                select id from eta_application where status = 'RECEIVED' and updated_at < :before
                order by updated_at fetch first :limit rows only
                """, new MapSqlParameterSource().addValue("before", now.minus(stalled)).addValue("limit", limit), String.class);
        if (!ids.isEmpty()) {
            jdbc.update("update eta_application set updated_at = :now where id in (:ids)",
                    new MapSqlParameterSource().addValue("now", now).addValue("ids", ids));
        }
        return ids;
    }

    public List<HistoryEntry> history(String id) {
        return jdbc.query("select status, at, reason_code from eta_status_history where application_id = :id order by id",
                Map.of("id", id), (rs, n) -> new HistoryEntry(Status.valueOf(rs.getString("status")),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("reason_code")));
    }

    @Transactional
    public boolean transition(String id, Set<Status> from, Status to, Map<Column, Object> columns) {
        OffsetDateTime now = now();
        var params = new MapSqlParameterSource().addValue("id", id).addValue("to", to.name())
                .addValue("from", from.stream().map(Enum::name).toList()).addValue("now", now);
        StringBuilder set = new StringBuilder("status = :to, updated_at = :now");
        columns.forEach((column, value) -> {
            String name = column.name().toLowerCase();
            set.append(", ").append(name).append(" = :").append(name);
            params.addValue(name, value);
        });
        boolean moved = jdbc.update("update eta_application set " + set + " where id = :id and status in (:from)", params) == 1;
        if (moved) {
            history(id, to, (String) columns.get(Column.REASON_CODE), now);
        }
        return moved;
    }

    static Map<Column, Object> columns() {
        return new EnumMap<>(Column.class);
    }

    private void history(String id, Status status, String reasonCode, OffsetDateTime at) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("status", status.name());
        params.put("at", at);
        params.put("reason", reasonCode);
        jdbc.update("insert into eta_status_history (application_id, status, at, reason_code) values (:id, :status, :at, :reason)",
                params);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private EtaApplication map(ResultSet rs, int row) throws SQLException {
        var traveller = new Traveller(rs.getString("passport_number"),
                Traveller.PassportType.valueOf(rs.getString("passport_type")), rs.getString("nationality"),
                rs.getString("surname"), rs.getString("given_names"), rs.getObject("date_of_birth", LocalDate.class),
                Traveller.Sex.valueOf(rs.getString("sex")), rs.getObject("passport_expiry", LocalDate.class));
        // the arrival as the traveller gave it, in their own offset
        OffsetDateTime arrival = rs.getObject("planned_arrival", OffsetDateTime.class)
                .withOffsetSameInstant(ZoneOffset.of(rs.getString("arrival_offset")));
        return new EtaApplication(rs.getString("id"), Status.valueOf(rs.getString("status")),
                rs.getString("correlation_id"), traveller, arrival, rs.getString("purpose"),
                rs.getString("eta_number"), rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_until", LocalDate.class), rs.getString("reason_code"),
                rs.getString("reason_detail"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
