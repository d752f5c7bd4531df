package kz.qazeta.hub.exchange.messagelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import kz.qazeta.hub.exchange.messagelog.MessageLogJournal.Journalled;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The message log's rows in the hub's database, chained under a lock on the chain's head row. They are kept a
 * block per journal segment ({@code message_log_block}): the segment's rows as JSON lines in the archive files'
 * form, each with its number, the previous row's hash and its own, so one segment costs one insert however many
 * messages it holds. A slim index names the blocks holding a correlation id's rows
 * ({@code message_log_block_exchange}) and a partner's ({@code message_log_block_partner}).
 */
@Repository
public class MessageLogStore {

    /** A stored row: its position, the entry, and the chain fields. */
    public record Row(long id, MessageLogEntry entry, String previousHash, String rowHash) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectReader lines;

    public MessageLogStore(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.lines = json.readerFor(MessageLogArchive.ArchivedRow.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Appends a journal segment's rows to the chain in order, once, as one block: the segment's name is recorded
     * in the same transaction, so a segment replayed after a crash (even after its rows were archived) is skipped.
     */
    @Transactional
    public int append(String segment, List<Journalled> rows) {
        // one writer at a time extends the chain, whichever instance it runs on
        Map<String, Object> head = jdbc.queryForMap(
                "select last_hash, last_row, last_block from message_log_head where id = 1 for update", Map.of());
        Integer applied = jdbc.queryForObject("select count(*) from message_log_segment where name = :name",
                Map.of("name", segment), Integer.class);
        if (applied != null && applied > 0) {
            return 0;
        }
        jdbc.update("insert into message_log_segment (name, applied_at) values (:name, :at)",
                Map.of("name", segment, "at", OffsetDateTime.now(ZoneOffset.UTC)));
        if (rows.isEmpty()) {
            return 0;
        }
        String anchor = (String) head.get("last_hash");
        long row = ((Number) head.get("last_row")).longValue();
        long block = ((Number) head.get("last_block")).longValue() + 1;
        Block built = block(anchor, row, rows);
        jdbc.update("""
                insert into message_log_block (id, segment, first_row, row_count, first_at, last_at, previous_hash,
                    last_hash, rows_json)
                values (:id, :segment, :firstRow, :count, :firstAt, :lastAt, :previous, :last, :rows)
                """, new MapSqlParameterSource().addValue("id", block).addValue("segment", segment)
                .addValue("firstRow", row + 1).addValue("count", rows.size())
                .addValue("firstAt", OffsetDateTime.ofInstant(built.firstAt(), ZoneOffset.UTC))
                .addValue("lastAt", OffsetDateTime.ofInstant(built.lastAt(), ZoneOffset.UTC))
                .addValue("previous", anchor).addValue("last", built.lastHash()).addValue("rows", built.lines()));
        index("insert into message_log_block_exchange (correlation_id, block_id) values (?, ?)", built.correlations(), block);
        index("insert into message_log_block_partner (partner, block_id) values (?, ?)", built.partners(), block);
        built.lastNumbers().forEach(this::numbered);
        jdbc.update("update message_log_head set last_hash = :hash, last_row = :row, last_block = :block where id = 1",
                Map.of("hash", built.lastHash(), "row", row + rows.size(), "block", block));
        return rows.size();
    }

    /** Records the last number of a journal's rows in the chain (under the head's lock: one writer at a time). */
    private void numbered(String journal, long last) {
        Map<String, Object> row = Map.of("journal", journal, "last", last);
        if (jdbc.update("update message_log_journal set last_number = :last where journal_id = :journal"
                + " and last_number < :last", row) == 0
                && jdbc.queryForObject("select count(*) from message_log_journal where journal_id = :journal", row,
                Integer.class) == 0) {
            jdbc.update("insert into message_log_journal (journal_id, last_number, archived_number) values (:journal, :last, 0)", row);
        }
    }

    /** The number of a journal's last row in the chain, 0 when it has none. */
    public long lastNumber(String journal) {
        List<Long> last = jdbc.queryForList("select last_number from message_log_journal where journal_id = :journal",
                Map.of("journal", journal), Long.class);
        return last.isEmpty() ? 0 : last.get(0);
    }

    /** A journal as the chain knows it: its last row's number, and the last of its rows moved to the archive. */
    public record JournalNumbers(long last, long archived) {
    }

    /** A block as stored: its rows as JSON lines, and what the index and the head need of it. */
    record Block(String lines, String lastHash, Instant firstAt, Instant lastAt, Set<String> correlations,
                 Set<String> partners, Map<String, Long> lastNumbers) {
    }

    /** Chains the rows after {@code previous}, numbering them from {@code lastRow + 1}. */
    static Block block(String previous, long lastRow, List<Journalled> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 800);
        Set<String> correlations = new LinkedHashSet<>();
        Set<String> partners = new LinkedHashSet<>();
        Map<String, Long> lastNumbers = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (Journalled journalled : rows) {
            MessageLogEntry e = journalled.entry();
            String hash = MessageLogChain.rowHash(previous, e);
            // the archive's ArchivedRow, with the entry's JSON as the journal wrote it
            text.append("{\"id\":").append(++lastRow).append(",\"previousHash\":\"").append(previous)
                    .append("\",\"rowHash\":\"").append(hash).append("\",\"entry\":").append(journalled.json())
                    .append("}\n");
            previous = hash;
            if (e.correlationId() != null) {
                correlations.add(e.correlationId());
            }
            if (e.partner() != null) {
                partners.add(e.partner());
            }
            if (e.sequence() != null) {
                lastNumbers.merge(e.journal(), e.sequence(), Math::max);
            }
            first = first == null || e.at().isBefore(first) ? e.at() : first;
            last = last == null || e.at().isAfter(last) ? e.at() : last;
        }
        return new Block(text.toString(), previous, first, last, correlations, partners, lastNumbers);
    }

    private void index(String sql, Set<String> keys, long block) {
        List<Object[]> rows = new ArrayList<>(keys.size());
        keys.forEach(key -> rows.add(new Object[] {key, block}));
        jdbc.getJdbcTemplate().batchUpdate(sql, rows);
    }

    /**
     * Walks the chain as one consistent snapshot: where it starts (after the archive), every row in order, and
     * the hash the head says the chain ends with, so that an archive or a write committing meanwhile cannot look
     * like a break.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public void walk(Consumer<String> start, Consumer<Row> action, Consumer<String> end) {
        walkRows(start, action, end);
    }

    /** As {@link #walk}, and first what the chain knows of each journal's numbers, in the same snapshot. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public void walk(Consumer<Map<String, JournalNumbers>> journals, Consumer<String> start, Consumer<Row> action,
                     Consumer<String> end) {
        Map<String, JournalNumbers> numbers = new LinkedHashMap<>();
        jdbc.query("select journal_id, last_number, archived_number from message_log_journal", Map.of(), rs -> {
            numbers.put(rs.getString(1), new JournalNumbers(rs.getLong(2), rs.getLong(3)));
        });
        journals.accept(numbers);
        walkRows(start, action, end);
    }

    private void walkRows(Consumer<String> start, Consumer<Row> action, Consumer<String> end) {
        start.accept(archivedHash());
        jdbc.query("select rows_json from message_log_block order by id", Map.of(),
                rs -> {
                    rows(rs.getString(1)).forEach(action);
                });
        end.accept(jdbc.queryForObject("select last_hash from message_log_head where id = 1", Map.of(), String.class));
    }

    public List<Row> byCorrelation(String correlationId) {
        List<Row> found = new ArrayList<>();
        jdbc.query("""
                select rows_json from message_log_block
                where id in (select block_id from message_log_block_exchange where correlation_id = :id) order by id
                """, Map.of("id", correlationId), rs -> {
            rows(rs.getString(1)).stream().filter(r -> correlationId.equals(r.entry().correlationId())).forEach(found::add);
        });
        return found;
    }

    public List<Row> byPartner(String partner, Instant from, Instant to, int limit) {
        List<Long> blocks = jdbc.queryForList("""
                select id from message_log_block
                where id in (select block_id from message_log_block_partner where partner = :partner)
                  and last_at >= :from and first_at < :to
                order by id
                """, new MapSqlParameterSource().addValue("partner", partner)
                .addValue("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .addValue("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)), Long.class);
        List<Row> found = new ArrayList<>();
        for (Long block : blocks) {
            String text = jdbc.queryForObject("select rows_json from message_log_block where id = :id",
                    Map.of("id", block), String.class);
            for (Row row : rows(text)) {
                Instant at = row.entry().at();
                if (partner.equals(row.entry().partner()) && !at.isBefore(from) && at.isBefore(to)) {
                    found.add(row);
                    if (found.size() == limit) {
                        return found;
                    }
                }
            }
        }
        return found;
    }

    /** The blocks up to the newest one whose rows are all older than {@code before}: a contiguous start of the chain. */
    public List<Row> olderThan(Instant before) {
        Long last = jdbc.queryForObject("select max(id) from message_log_block where last_at < :before",
                Map.of("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC)), Long.class);
        List<Row> found = new ArrayList<>();
        if (last != null) {
            jdbc.query("select rows_json from message_log_block where id <= :last order by id", Map.of("last", last),
                    rs -> {
                        found.addAll(rows(rs.getString(1)));
                    });
        }
        return found;
    }

    /** The hash the first row in the database must follow: genesis, or the last archived row's. */
    public String archivedHash() {
        return jdbc.queryForObject("select archived_hash from message_log_head where id = 1", Map.of(), String.class);
    }

    public String lastArchiveDigest() {
        return jdbc.queryForObject("select archive_digest from message_log_head where id = 1", Map.of(), String.class);
    }

    /**
     * Removes archived rows (whole blocks) and records where the chain in the database now starts: after the
     * last archived row's hash, and for each journal after the last number archived.
     */
    @Transactional
    public void markArchived(long lastId, String lastRowHash, String archiveDigest, Map<String, Long> archivedNumbers) {
        markArchived(lastId, lastRowHash, archiveDigest);
        archivedNumbers.forEach((journal, number) -> jdbc.update("""
                update message_log_journal set archived_number = :number
                where journal_id = :journal and archived_number < :number
                """, Map.of("journal", journal, "number", number)));
    }

    private void markArchived(long lastId, String lastRowHash, String archiveDigest) {
        jdbc.queryForObject("select last_hash from message_log_head where id = 1 for update", Map.of(), String.class);
        Long lastBlock = jdbc.queryForObject(
                "select max(id) from message_log_block where first_row + row_count - 1 <= :id", Map.of("id", lastId), Long.class);
        if (lastBlock != null) {
            Map<String, Object> upTo = Map.of("block", lastBlock);
            jdbc.update("delete from message_log_block_exchange where block_id <= :block", upTo);
            jdbc.update("delete from message_log_block_partner where block_id <= :block", upTo);
            jdbc.update("delete from message_log_block where id <= :block", upTo);
        }
        jdbc.update("update message_log_head set archived_hash = :hash, archive_digest = :digest where id = 1",
                Map.of("hash", lastRowHash, "digest", archiveDigest));
        // a segment is only ever replayed within moments of being applied: a week of names is plenty
        jdbc.update("delete from message_log_segment where applied_at < :before",
                Map.of("before", OffsetDateTime.now(ZoneOffset.UTC).minusDays(7)));
    }

    public long count() {
        return jdbc.queryForObject("select coalesce(sum(row_count), 0) from message_log_block", Map.of(), Long.class);
    }

    /** A block's rows. A line that is not a row at all (a block altered in the database) reads as a broken row. */
    private List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int to = text.indexOf('\n', from);
            if (to < 0) {
                to = text.length();
            }
            if (to > from) {
                try {
                    MessageLogArchive.ArchivedRow row = lines.readValue(text.substring(from, to));
                    rows.add(new Row(row.id(), row.entry(), row.previousHash(), row.rowHash()));
                } catch (IOException e) {
                    throw new UncheckedIOException("An unreadable message-log row in the database", e);
                }
            }
            from = to + 1;
        }
        return rows;
    }
}
