package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the message-log rows of V2's table {@code message_log} into the blocks of V7 (a thousand rows a block, in
 * the chain's order, with their stored hashes as they are: a row altered before the move still fails
 * verification after it), then drops that table. Self-contained, so it reads the same however the hub's code
 * changes later.
 */
public class V8__MessageLogRowsIntoBlocks extends BaseJavaMigration {

    private static final int ROWS_PER_BLOCK = 1000;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private long block;
    private long lastRow;
    private String lastHash;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<Map<String, Object>> chunk = new ArrayList<>();
        try (Statement select = connection.createStatement();
             ResultSet rs = select.executeQuery("select * from message_log order by id")) {
            while (rs.next()) {
                chunk.add(row(rs));
                if (chunk.size() == ROWS_PER_BLOCK) {
                    write(connection, chunk);
                    chunk.clear();
                }
            }
        }
        if (!chunk.isEmpty()) {
            write(connection, chunk);
        }
        if (block > 0) {
            try (PreparedStatement head = connection.prepareStatement(
                    "update message_log_head set last_row = ?, last_block = ? where id = 1")) {
                head.setLong(1, lastRow);
                head.setLong(2, block);
                head.executeUpdate();
            }
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("drop table message_log");
        }
    }

    /** A row as the archive files and the blocks keep it: number, chain fields, entry (null fields left out). */
    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("entryId", rs.getString("entry_id"));
        entry.put("at", rs.getObject("at", OffsetDateTime.class).toInstant().toString());
        entry.put("correlationId", rs.getString("correlation_id"));
        entry.put("partner", rs.getString("partner"));
        entry.put("service", rs.getString("service"));
        entry.put("direction", rs.getString("direction"));
        entry.put("channel", rs.getString("channel"));
        entry.put("endpoint", rs.getString("endpoint"));
        entry.put("outcome", rs.getString("outcome"));
        entry.put("faultCode", rs.getString("fault_code"));
        int status = rs.getInt("status_code");
        entry.put("statusCode", rs.wasNull() ? null : status);
        entry.put("size", rs.getLong("size_bytes"));
        long duration = rs.getLong("duration_ms");
        entry.put("durationMs", rs.wasNull() ? null : duration);
        entry.put("bodyHash", rs.getString("body_hash"));
        entry.put("body", rs.getString("body"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getLong("id"));
        row.put("previousHash", rs.getString("prev_hash"));
        row.put("rowHash", rs.getString("row_hash"));
        row.put("entry", entry);
        return row;
    }

    @SuppressWarnings("unchecked")
    private void write(Connection connection, List<Map<String, Object>> rows) throws Exception {
        StringBuilder lines = new StringBuilder();
        Set<String> correlations = new LinkedHashSet<>();
        Set<String> partners = new LinkedHashSet<>();
        String first = null;
        String last = null;
        for (Map<String, Object> row : rows) {
            lines.append(JSON.writeValueAsString(row)).append('\n');
            Map<String, Object> entry = (Map<String, Object>) row.get("entry");
            if (entry.get("correlationId") != null) {
                correlations.add((String) entry.get("correlationId"));
            }
            if (entry.get("partner") != null) {
                partners.add((String) entry.get("partner"));
            }
            String at = (String) entry.get("at");
            first = first == null || at.compareTo(first) < 0 ? at : first;
            last = last == null || at.compareTo(last) > 0 ? at : last;
        }
        block++;
        long firstRow = (Long) rows.get(0).get("id");
        lastRow = (Long) rows.get(rows.size() - 1).get("id");
        lastHash = (String) rows.get(rows.size() - 1).get("rowHash");
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into message_log_block (id, segment, first_row, row_count, first_at, last_at, previous_hash,
                    last_hash, rows_json) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            insert.setLong(1, block);
            insert.setString(2, "migrated/message_log-" + firstRow + "-" + lastRow);
            insert.setLong(3, firstRow);
            insert.setInt(4, rows.size());
            insert.setTimestamp(5, Timestamp.from(java.time.Instant.parse(first)));
            insert.setTimestamp(6, Timestamp.from(java.time.Instant.parse(last)));
            insert.setString(7, (String) rows.get(0).get("previousHash"));
            insert.setString(8, lastHash);
            insert.setString(9, lines.toString());
            insert.executeUpdate();
        }
        index(connection, "insert into message_log_block_exchange (correlation_id, block_id) values (?, ?)", correlations);
        index(connection, "insert into message_log_block_partner (partner, block_id) values (?, ?)", partners);
    }

    private void index(Connection connection, String sql, Set<String> keys) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (String key : keys) {
                insert.setString(1, key);
                insert.setLong(2, block);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
