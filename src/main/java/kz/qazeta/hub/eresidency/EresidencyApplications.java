package kz.qazeta.hub.eresidency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

/**
 * e-Residency applications and their steps in the hub's database. A step changes only from the status the
 * caller expects, so two deliveries of the same message, or a partner answering twice, change it once.
 */
@Repository
public class EresidencyApplications {

    public enum Status { RECEIVED, IN_PROGRESS, COMPLETED, PARTIALLY_COMPLETED, FAILED, WITHDRAWN;

        boolean isFinal() {
            return this != RECEIVED && this != IN_PROGRESS;
        }
    }

    /** The onboarding's steps, by the name the front door knows them under. */
    public enum Step {
        IIN("iin"), BANK_ACCOUNT("bankAccount"), ESIM("esim"), COMPANY("company");

        private final String field;

        Step(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }

        public static Optional<Step> byField(String field) {
            for (Step step : values()) {
                if (step.field.equals(field)) {
                    return Optional.of(step);
                }
            }
            return Optional.empty();
        }
    }

    public enum StepStatus { PENDING, IN_PROGRESS, DONE, FAILED, CANCELLING, CANCELLED;

        boolean isFinal() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** What became of a step not done when the applicant withdrew. */
    public enum Compensation {
        /** the partner had not been asked: nothing to undo */
        NOT_NEEDED,
        /** the partner was asked to cancel and has not confirmed yet */
        REQUESTED,
        /** the partner confirmed the cancellation */
        CONFIRMED,
        /** the partner offers no cancellation: what it may have done stays with it */
        NOT_SUPPORTED
    }

    public enum Column { ATTEMPTS, REQUEST_ID, RESULT, REASON_CODE, REASON_DETAIL, COMPENSATION, NEXT_ATTEMPT_AT, REQUESTED_AT,
        ANSWER_DUE_AT, COMPLETED_AT }

    public record Application(String id, Status status, String correlationId, Traveller applicant, String email,
                              String phone, String services, String iin, OffsetDateTime createdAt,
                              OffsetDateTime updatedAt) {
    }

    public record StepState(String applicationId, Step step, String partner, StepStatus status, int attempts,
                            String requestId, String result, String reasonCode, String reasonDetail,
                            Compensation compensation, OffsetDateTime startedAt, OffsetDateTime completedAt,
                            OffsetDateTime updatedAt) {
    }

    public record HistoryEntry(String step, String status, OffsetDateTime at, String reasonCode) {
    }

    /** A step to queue: its application, which one, and the application's correlation id (null where not needed). */
    public record Due(String applicationId, Step step, String correlationId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public EresidencyApplications(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new application with its steps, all pending; the IIN is queued at once, the rest wait for it. */
    @Transactional
    public void insert(String id, String owner, String correlationId, String idempotencyKey, String requestHash,
                       EresidencyApplicationRequest request, String services, Map<Step, String> partners,
                       Duration watchdog) {
        OffsetDateTime now = now();
        Traveller t = request.applicant();
        jdbc.update("""
                insert into eresidency_application (id, owner, status, correlation_id, passport_number, passport_type,
                    nationality, surname, given_names, date_of_birth, sex, passport_expiry, email, phone, services,
                    idempotency_key, request_hash, created_at, updated_at)
                values (:id, :owner, 'RECEIVED', :correlationId, :passportNumber, :passportType, :nationality, :surname,
                    :givenNames, :dateOfBirth, :sex, :passportExpiry, :email, :phone, :services, :key, :hash, :now, :now)
                """, new MapSqlParameterSource().addValue("id", id).addValue("owner", owner).addValue("correlationId", correlationId)
                .addValue("passportNumber", t.passportNumber()).addValue("passportType", t.passportType().name())
                .addValue("nationality", t.nationality()).addValue("surname", t.surname())
                .addValue("givenNames", t.givenNames()).addValue("dateOfBirth", t.dateOfBirth())
                .addValue("sex", t.sex().name()).addValue("passportExpiry", t.passportExpiry())
                .addValue("email", request.contact().email()).addValue("phone", request.contact().phone())
                .addValue("services", services).addValue("key", idempotencyKey).addValue("hash", requestHash)
                .addValue("now", now));
        partners.forEach((step, partner) -> jdbc.update("""
                insert into eresidency_step (application_id, step, partner, status, attempts, next_attempt_at, updated_at)
                values (:id, :step, :partner, 'PENDING', 0, :next, :now)
                """, new MapSqlParameterSource().addValue("id", id).addValue("step", step.name())
                .addValue("partner", partner).addValue("now", now)
                // the IIN is queued now; the others when it is done: the poller steps in only if a message is lost
                .addValue("next", step == Step.IIN ? now.plus(watchdog) : null)));
        history(id, null, Status.RECEIVED.name(), null, now);
    }

    public Optional<Application> find(String id) {
        return jdbc.query("select * from eresidency_application where id = :id", Map.of("id", id), this::application)
                .stream().findFirst();
    }

    /** The application as its owners see it: one of {@code owners} created it (else, to them, there is none). */
    public Optional<Application> find(String id, List<String> owners) {
        return jdbc.query("select * from eresidency_application where id = :id and owner in (:owners)",
                new MapSqlParameterSource().addValue("id", id).addValue("owners", owners), this::application)
                .stream().findFirst();
    }

    /**
     * The application a repeated submission names by its Idempotency-Key, with the hash of what it sent then: the
     * key is the owner's own (another partner's same key names another application).
     */
    public Optional<Map.Entry<Application, String>> findByIdempotencyKey(String owner, String key) {
        return jdbc.query("select * from eresidency_application where owner = :owner and idempotency_key = :key",
                Map.of("owner", owner, "key", key),
                (rs, n) -> Map.entry(application(rs, n), rs.getString("request_hash"))).stream().findFirst();
    }

    public List<StepState> steps(String id) {
        return jdbc.query("select * from eresidency_step where application_id = :id", Map.of("id", id), this::step)
                .stream().sorted(java.util.Comparator.comparing(StepState::step)).toList();
    }

    public Optional<StepState> step(String id, Step step) {
        return steps(id).stream().filter(s -> s.step() == step).findFirst();
    }

    public List<HistoryEntry> history(String id) {
        return jdbc.query("select step, status, at, reason_code from eresidency_status_history where application_id = :id order by id",
                Map.of("id", id), (rs, n) -> new HistoryEntry(rs.getString("step"), rs.getString("status"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("reason_code")));
    }

    /** Takes a pending step for an attempt: it is IN_PROGRESS, counts the attempt and gets a fresh request id. */
    @Transactional
    public Optional<StepState> claim(String id, Step step) {
        OffsetDateTime now = now();
        int moved = jdbc.update("""
                update eresidency_step set status = 'IN_PROGRESS', attempts = attempts + 1,
                    request_id = concat(application_id, ':', step, ':', attempts + 1),
                    started_at = coalesce(started_at, :now), updated_at = :now, next_attempt_at = null,
                    requested_at = null, answer_due_at = null
                where application_id = :id and step = :step and status = 'PENDING'
                  and exists (select 1 from eresidency_application a where a.id = :id and a.status in ('RECEIVED', 'IN_PROGRESS'))
                """, new MapSqlParameterSource().addValue("id", id).addValue("step", step.name()).addValue("now", now));
        if (moved == 0) {
            return Optional.empty();
        }
        history(id, step, StepStatus.IN_PROGRESS.name(), null, now);
        setStatus(id, Status.IN_PROGRESS, Set.of(Status.RECEIVED));
        return step(id, step);
    }

    @Transactional
    public boolean transition(String id, Step step, Set<StepStatus> from, StepStatus to, Map<Column, Object> columns) {
        OffsetDateTime now = now();
        var params = new MapSqlParameterSource().addValue("id", id).addValue("step", step.name())
                .addValue("to", to.name()).addValue("from", from.stream().map(Enum::name).toList()).addValue("now", now);
        StringBuilder set = new StringBuilder("status = :to, updated_at = :now");
        if (to.isFinal()) {
            set.append(", completed_at = :now, next_attempt_at = null, answer_due_at = null");
        }
        columns.forEach((column, value) -> {
            String name = column.name().toLowerCase();
            set.append(", ").append(name).append(" = :").append(name);
            params.addValue(name, value instanceof Enum<?> e ? e.name() : value);
        });
        boolean moved = jdbc.update("update eresidency_step set " + set
                + " where application_id = :id and step = :step and status in (:from)", params) == 1;
        if (moved) {
            history(id, step, to.name(), (String) columns.get(Column.REASON_CODE), now);
        }
        return moved;
    }

    /** Sets columns of a step without changing its status, if it is in one of {@code in}. */
    @Transactional
    public boolean update(String id, Step step, Set<StepStatus> in, Map<Column, Object> columns) {
        var params = new MapSqlParameterSource().addValue("id", id).addValue("step", step.name())
                .addValue("in", in.stream().map(Enum::name).toList()).addValue("now", now());
        StringBuilder set = new StringBuilder("updated_at = :now");
        columns.forEach((column, value) -> {
            String name = column.name().toLowerCase();
            set.append(", ").append(name).append(" = :").append(name);
            params.addValue(name, value instanceof Enum<?> e ? e.name() : value);
        });
        return jdbc.update("update eresidency_step set " + set
                + " where application_id = :id and step = :step and status in (:in)", params) == 1;
    }

    /** An operator's retry counts its attempts afresh. */
    public void resetAttempts(String id, Step step) {
        jdbc.update("update eresidency_step set attempts = 0 where application_id = :id and step = :step",
                Map.of("id", id, "step", step.name()));
    }

    public void setIin(String id, String iin) {
        jdbc.update("update eresidency_application set iin = :iin where id = :id", Map.of("id", id, "iin", iin));
    }

    /** Moves the application to {@code to} if it is in one of {@code from}; records it in the history. */
    @Transactional
    public boolean setStatus(String id, Status to, Set<Status> from) {
        OffsetDateTime now = now();
        boolean moved = jdbc.update("""
                update eresidency_application set status = :to, updated_at = :now where id = :id and status in (:from)
                """, new MapSqlParameterSource().addValue("id", id).addValue("to", to.name()).addValue("now", now)
                .addValue("from", from.stream().map(Enum::name).toList())) == 1;
        if (moved) {
            history(id, null, to.name(), null, now);
        }
        return moved;
    }

    /**
     * Steps due for another attempt (their back-off over, or their queue message lost): their next look is put
     * off by {@code watchdog}, so each is handed out once per period. A step other than the IIN is due only once
     * the IIN is done.
     */
    @Transactional
    public List<Due> claimDue(Duration watchdog, int limit) {
        OffsetDateTime now = now();
        List<Due> due = jdbc.query("""
                select s.application_id, s.step, a.correlation_id from eresidency_step s
                join eresidency_application a on a.id = s.application_id
                where s.status = 'PENDING' and s.next_attempt_at <= :now and a.status in ('RECEIVED', 'IN_PROGRESS')
                  and (s.step = 'IIN' or a.iin is not null)
                order by s.next_attempt_at fetch first :limit rows only
                """, new MapSqlParameterSource().addValue("now", now).addValue("limit", limit),
                (rs, n) -> new Due(rs.getString("application_id"), Step.valueOf(rs.getString("step")),
                        rs.getString("correlation_id")));
        for (Due d : due) {
            jdbc.update("update eresidency_step set next_attempt_at = :next where application_id = :id and step = :step",
                    new MapSqlParameterSource().addValue("next", now.plus(watchdog)).addValue("id", d.applicationId())
                            .addValue("step", d.step().name()));
        }
        return due;
    }

    /**
     * Steps taken for an attempt that never finished (the hub stopped in the middle of a call) go back to PENDING
     * for the poller; a partner that answers later (the bank) is not affected: its step has a request time.
     */
    @Transactional
    public int releaseAbandoned(Duration watchdog, int maxAttempts) {
        OffsetDateTime now = now();
        var params = new MapSqlParameterSource().addValue("now", now).addValue("before", now.minus(watchdog))
                .addValue("max", maxAttempts);
        // one that has used up its attempts this way ends FAILED, for an operator, instead of going round forever
        List<Due> exhausted = jdbc.query("""
                select application_id, step from eresidency_step
                where status = 'IN_PROGRESS' and requested_at is null and updated_at < :before and attempts >= :max
                """, params, (rs, n) -> new Due(rs.getString("application_id"), Step.valueOf(rs.getString("step")), null));
        for (Due d : exhausted) {
            var columns = columns();
            columns.put(Column.REASON_CODE, "partner-unavailable");
            columns.put(Column.REASON_DETAIL, "attempts used up without an answer");
            transition(d.applicationId(), d.step(), Set.of(StepStatus.IN_PROGRESS), StepStatus.FAILED, columns);
        }
        return jdbc.update("""
                update eresidency_step set status = 'PENDING', next_attempt_at = :now, updated_at = :now
                where status = 'IN_PROGRESS' and requested_at is null and updated_at < :before and attempts < :max
                """, params);
    }

    /**
     * Cancellations asked of a partner and not confirmed within {@code watchdog} (the message lost, the partner
     * silent): handed out again, each once per period.
     */
    @Transactional
    public List<Due> claimUnconfirmedCancellations(Duration watchdog, int limit) {
        OffsetDateTime now = now();
        List<Due> due = jdbc.query("""
                select s.application_id, s.step, a.correlation_id from eresidency_step s
                join eresidency_application a on a.id = s.application_id
                where s.status = 'CANCELLING' and s.updated_at < :before
                order by s.updated_at fetch first :limit rows only
                """, new MapSqlParameterSource().addValue("before", now.minus(watchdog)).addValue("limit", limit),
                (rs, n) -> new Due(rs.getString("application_id"), Step.valueOf(rs.getString("step")), rs.getString("correlation_id")));
        for (Due d : due) {
            jdbc.update("update eresidency_step set updated_at = :now where application_id = :id and step = :step",
                    new MapSqlParameterSource().addValue("now", now).addValue("id", d.applicationId()).addValue("step", d.step().name()));
        }
        return due;
    }

    /** A step never tried is cancelled outright; false when it has been taken for an attempt meanwhile. */
    @Transactional
    public boolean cancelUntried(String id, Step step) {
        OffsetDateTime now = now();
        boolean moved = jdbc.update("""
                update eresidency_step set status = 'CANCELLED', compensation = 'NOT_NEEDED', completed_at = :now,
                    updated_at = :now, next_attempt_at = null
                where application_id = :id and step = :step and status = 'PENDING' and attempts = 0
                """, new MapSqlParameterSource().addValue("id", id).addValue("step", step.name()).addValue("now", now)) == 1;
        if (moved) {
            history(id, step, StepStatus.CANCELLED.name(), null, now);
        }
        return moved;
    }

    /** Steps whose partner was asked but never answered by the due time. */
    public List<Due> overdue() {
        return jdbc.query("""
                select application_id, step from eresidency_step where status = 'IN_PROGRESS' and answer_due_at < :now
                """, Map.of("now", now()), (rs, n) -> new Due(rs.getString("application_id"), Step.valueOf(rs.getString("step")), null));
    }

    /** Applications whose steps have all ended but whose own status says otherwise. */
    public List<String> unsettled() {
        return jdbc.queryForList("""
                select a.id from eresidency_application a where a.status in ('RECEIVED', 'IN_PROGRESS')
                  and not exists (select 1 from eresidency_step s where s.application_id = a.id
                                  and s.status not in ('DONE', 'FAILED', 'CANCELLED'))
                """, Map.of(), String.class);
    }

    static Map<Column, Object> columns() {
        return new EnumMap<>(Column.class);
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private void history(String id, Step step, String status, String reasonCode, OffsetDateTime at) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("step", step == null ? null : step.name());
        params.put("status", status);
        params.put("at", at);
        params.put("reason", reasonCode);
        jdbc.update("""
                insert into eresidency_status_history (application_id, step, status, at, reason_code)
                values (:id, :step, :status, :at, :reason)
                """, params);
    }

    private Application application(ResultSet rs, int row) throws SQLException {
        var applicant = new Traveller(rs.getString("passport_number"),
                Traveller.PassportType.valueOf(rs.getString("passport_type")), rs.getString("nationality"),
                rs.getString("surname"), rs.getString("given_names"), rs.getObject("date_of_birth", LocalDate.class),
                Traveller.Sex.valueOf(rs.getString("sex")), rs.getObject("passport_expiry", LocalDate.class));
        return new Application(rs.getString("id"), Status.valueOf(rs.getString("status")),
                rs.getString("correlation_id"), applicant, rs.getString("email"), rs.getString("phone"),
                rs.getString("services"), rs.getString("iin"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private StepState step(ResultSet rs, int row) throws SQLException {
        String compensation = rs.getString("compensation");
        return new StepState(rs.getString("application_id"), Step.valueOf(rs.getString("step")), rs.getString("partner"),
                StepStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("request_id"),
                rs.getString("result"), rs.getString("reason_code"), rs.getString("reason_detail"),
                compensation == null ? null : Compensation.valueOf(compensation),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("completed_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** The status an application ends in once every step has ended. */
    static Status settled(List<StepState> steps) {
        boolean iinDone = steps.stream().anyMatch(s -> s.step() == Step.IIN && s.status() == StepStatus.DONE);
        boolean allDone = steps.stream().allMatch(s -> s.status() == StepStatus.DONE);
        if (!iinDone) {
            return Status.FAILED;
        }
        return allDone ? Status.COMPLETED : Status.PARTIALLY_COMPLETED;
    }

}
