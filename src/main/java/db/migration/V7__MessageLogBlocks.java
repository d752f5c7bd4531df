package db.migration;

import java.sql.Connection;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The message log kept a block per journal segment instead of a row per message: the segment's rows as JSON
 * lines in the archive files' form (number, previous hash, row hash, entry), and a slim index from correlation
 * ids and partners to their blocks. One insert per segment, whatever the traffic (V8 moves the rows of V2's
 * {@code message_log} into blocks and drops it).
 * <p>
 * Java, not SQL, for the one type the two databases spell apart: a block's rows are a large text stored out of
 * the table's own pages (H2's {@code clob}; PostgreSQL's {@code text}, kept uncompressed). H2 keeps its
 * {@code text} inline, and rewrote megabytes of neighbouring blocks with every page it touched.
 */
public class V7__MessageLogBlocks extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        try (Statement sql = connection.createStatement()) {
            sql.execute("""
                    create table message_log_block (
                        id            bigint       primary key,
                        segment       varchar(120) not null,
                        first_row     bigint       not null,
                        row_count     integer      not null,
                        first_at      timestamp with time zone not null,
                        last_at       timestamp with time zone not null,
                        previous_hash varchar(64)  not null,
                        last_hash     varchar(64)  not null,
                        rows_json     %s         not null
                    )""".formatted(postgres ? "text" : "clob"));
            if (postgres) {
                // out of line and not compressed: the writer shares the machine with the exchanges it records
                sql.execute("alter table message_log_block alter column rows_json set storage external");
            }
            sql.execute("create index message_log_block_last_at on message_log_block (last_at)");
            sql.execute("""
                    create table message_log_block_exchange (
                        correlation_id varchar(100) not null,
                        block_id       bigint       not null,
                        primary key (correlation_id, block_id)
                    )""");
            sql.execute("""
                    create table message_log_block_partner (
                        partner  varchar(60) not null,
                        block_id bigint      not null,
                        primary key (partner, block_id)
                    )""");
            // the chain's head also knows the last row's number and the last block's
            sql.execute("alter table message_log_head add column last_row bigint default 0 not null");
            sql.execute("alter table message_log_head add column last_block bigint default 0 not null");
        }
    }
}
