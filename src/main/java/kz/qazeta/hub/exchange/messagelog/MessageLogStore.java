package kz.qazeta.hub.exchange.messagelog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** The message log's rows in the hub's database, chained under a lock on the chain's head row. */
@Repository
public class MessageLogStore {

    /** A stored row: its position, the entry, and the chain fields. */
    public record Row(long id, MessageLogEntry entry, String previousHash, String rowHash) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public MessageLogStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends a journal segment's entries to the chain in order, once: the segment's name is recorded in the
     * same transaction, so a segment replayed after a crash (even after its rows were archived) is skipped.
     */
    @Transactional
    public int append(String segment, List<MessageLogEntry> entries) {
        // one writer at a time extends the chain, whichever instance it runs on
        String previous = jdbc.queryForObject("select last_hash from message_log_head where id = 1 for update",
                Map.of(), String.class);
        Integer applied = jdbc.queryForObject("select count(*) from message_log_segment where name = :name",
                Map.of("name", segment), Integer.class);
        if (applied != null && applied > 0) {
            return 0;
        }
        jdbc.update("insert into message_log_segment (name, applied_at) values (:name, :at)",
                Map.of("name", segment, "at", OffsetDateTime.now(ZoneOffset.UTC)));
        List<Object[]> rows = new java.util.ArrayList<>(entries.size());
        for (MessageLogEntry e : entries) {
            String hash = MessageLogChain.rowHash(previous, e);
            rows.add(new Object[] {e.entryId(), OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.correlationId(),
                    e.partner(), e.service(), e.direction().name(), e.channel().name(), e.endpoint(),
                    e.outcome().name(), e.faultCode(), e.statusCode(), e.size(), e.durationMs(), e.bodyHash(),
                    e.body(), previous, hash});
            previous = hash;
        }
        // one positional batch per segment: the writer shares the machine with the exchanges it records
        jdbc.getJdbcTemplate().batchUpdate("""
                insert into message_log (entry_id, at, correlation_id, partner, service, direction, channel,
                    endpoint, outcome, fault_code, status_code, size_bytes, duration_ms, body_hash, body,
                    prev_hash, row_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows, new int[] {Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.VARCHAR,
                Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                Types.INTEGER, Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR});
        int written = rows.size();
        jdbc.update("update message_log_head set last_hash = :hash where id = 1", Map.of("hash", previous));
        return written;
    }

    /**
     * Walks the chain as one consistent snapshot: where it starts (after the archive) and every row in order,
     * so that an archive or a write committing meanwhile cannot look like a break.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public void walk(Consumer<String> start, Consumer<Row> action) {
        start.accept(archivedHash());
        jdbc.query("select * from message_log order by id", Map.of(), (ResultSet rs) -> {
            action.accept(row(rs));
        });
    }

    public List<Row> byCorrelation(String correlationId) {
        return jdbc.query("select * from message_log where correlation_id = :id order by id",
                Map.of("id", correlationId), (rs, n) -> row(rs));
    }

    public List<Row> byPartner(String partner, Instant from, Instant to, int limit) {
        return jdbc.query("""
                select * from message_log where partner = :partner and at >= :from and at < :to
                order by id fetch first :limit rows only
                """, new MapSqlParameterSource().addValue("partner", partner)
                .addValue("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .addValue("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)).addValue("limit", limit),
                (rs, n) -> row(rs));
    }

    /** The rows up to the newest one older than {@code before}: a contiguous start of the chain. */
    public List<Row> olderThan(Instant before) {
        Long last = jdbc.queryForObject("select max(id) from message_log where at < :before",
                Map.of("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC)), Long.class);
        return last == null ? List.of() : jdbc.query("select * from message_log where id <= :last order by id",
                Map.of("last", last), (rs, n) -> row(rs));
    }

    /** The hash the first row in the database must follow: genesis, or the last archived row's. */
    public String archivedHash() {
        return jdbc.queryForObject("select archived_hash from message_log_head where id = 1", Map.of(), String.class);
    }

    public String lastArchiveDigest() {
        return jdbc.queryForObject("select archive_digest from message_log_head where id = 1", Map.of(), String.class);
    }

    /** Removes archived rows and records where the chain in the database now starts. */
    @Transactional
    public void markArchived(long lastId, String lastRowHash, String archiveDigest) {
        jdbc.queryForObject("select last_hash from message_log_head where id = 1 for update", Map.of(), String.class);
        jdbc.update("delete from message_log where id <= :id", Map.of("id", lastId));
        jdbc.update("update message_log_head set archived_hash = :hash, archive_digest = :digest where id = 1",
                Map.of("hash", lastRowHash, "digest", archiveDigest));
        // a segment is only ever replayed within moments of being applied: a week of names is plenty
        jdbc.update("delete from message_log_segment where applied_at < :before",
                Map.of("before", OffsetDateTime.now(ZoneOffset.UTC).minusDays(7)));
    }

    public long count() {
        return jdbc.queryForObject("select count(*) from message_log", Map.of(), Long.class);
    }

    private static Row row(ResultSet rs) throws SQLException {
        int status = rs.getInt("status_code");
        Integer statusCode = rs.wasNull() ? null : status;
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        var entry = new MessageLogEntry(rs.getString("entry_id"),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("correlation_id"),
                rs.getString("partner"), rs.getString("service"), Direction.valueOf(rs.getString("direction")),
                Channel.valueOf(rs.getString("channel")), rs.getString("endpoint"),
                Outcome.valueOf(rs.getString("outcome")), rs.getString("fault_code"), statusCode,
                rs.getLong("size_bytes"), durationMs, rs.getString("body_hash"), rs.getString("body"));
        return new Row(rs.getLong("id"), entry, rs.getString("prev_hash"), rs.getString("row_hash"));
    }
}
