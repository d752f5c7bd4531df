package kz.qazeta.hub.exchange.messagelog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import kz.qazeta.hub.exchange.messagelog.MessageLogJournal.Journalled;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message log's storage shape: a journal segment becomes one block (its rows as JSON lines, chained) and a
 * slim index; rows written a row per message before V7 are moved into blocks by V8 with their chain intact, and
 * the chain goes on from them.
 */
class MessageLogBlocksTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private JdbcDataSource database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void freshDatabase() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:blocks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(database);
    }

    @Test
    void aSegmentIsOneBlockWithASlimIndexAndIsAppliedOnce() throws Exception {
        migrate(null);
        MessageLogStore store = store();
        List<Journalled> segment = List.of(journalled("c-1", "front-door", "{\"a\":1}"),
                journalled("c-1", "registry", "<x/>"), journalled("c-2", "front-door", null));

        assertThat(store.append("journal/segment-1", segment)).isEqualTo(3);
        assertThat(store.append("journal/segment-1", segment)).isZero();

        assertThat(jdbc.queryForObject("select count(*) from message_log_block", Integer.class)).isOne();
        assertThat(jdbc.queryForList("select correlation_id from message_log_block_exchange order by correlation_id",
                String.class)).containsExactly("c-1", "c-2");
        assertThat(jdbc.queryForList("select partner from message_log_block_partner order by partner", String.class))
                .containsExactly("front-door", "registry");
        assertThat(store.byCorrelation("c-1")).extracting(MessageLogStore.Row::id).containsExactly(1L, 2L);
        assertThat(store.byCorrelation("c-1")).extracting(r -> r.entry().body()).containsExactly("{\"a\":1}", "<x/>");
        assertThat(store.byPartner("front-door", Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), 10))
                .extracting(r -> r.entry().correlationId()).containsExactly("c-1", "c-2");
        assertThat(store.count()).isEqualTo(3);
        assertThat(brokenAt(store)).isNull();
    }

    @Test
    void rowsOfTheOldTableMoveIntoBlocksWithTheirChainAndTheChainGoesOn() throws Exception {
        migrate("7");
        // 2,500 rows as V2 kept them: a row per message, each chained to the one before
        String previous = MessageLogChain.GENESIS;
        List<MessageLogEntry> old = new ArrayList<>();
        for (int i = 1; i <= 2500; i++) {
            MessageLogEntry e = journalled("old-" + (i % 7), i % 2 == 0 ? "front-door" : "registry",
                    i % 3 == 0 ? null : "{\"n\":" + i + "}").entry();
            String hash = MessageLogChain.rowHash(previous, e);
            jdbc.update("""
                    insert into message_log (entry_id, at, correlation_id, partner, service, direction, channel, endpoint,
                        outcome, fault_code, status_code, size_bytes, duration_ms, body_hash, body, prev_hash, row_hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", e.entryId(),
                    OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.correlationId(), e.partner(), e.service(),
                    e.direction().name(), e.channel().name(), e.endpoint(), e.outcome().name(), e.faultCode(),
                    e.statusCode(), e.size(), e.durationMs(), e.bodyHash(), e.body(), previous, hash);
            jdbc.update("update message_log_head set last_hash = ? where id = 1", hash);
            previous = hash;
            old.add(e);
        }
        migrate(null);
        MessageLogStore store = store();

        assertThat(jdbc.queryForObject("select count(*) from message_log_block", Integer.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name = 'MESSAGE_LOG'",
                Integer.class)).isZero();
        assertThat(brokenAt(store)).isNull();
        assertThat(store.count()).isEqualTo(2500);
        assertThat(store.byCorrelation("old-3")).hasSize(357).allMatch(r -> r.entry().equals(old.get((int) r.id() - 1)));

        store.append("journal/segment-after", List.of(journalled("new", "front-door", "{}")));
        List<MessageLogStore.Row> added = store.byCorrelation("new");
        assertThat(added).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(2501);
            assertThat(row.previousHash()).isEqualTo(lastHash(store, 2500));
        });
        assertThat(brokenAt(store)).isNull();

        // a row altered in a migrated block is caught where it is
        String rows = jdbc.queryForObject("select rows_json from message_log_block where id = 2", String.class);
        jdbc.update("update message_log_block set rows_json = ? where id = 2", rows.replace("\\\"n\\\":1501}", "\\\"n\\\":1502}"));
        assertThat(brokenAt(store)).isEqualTo(1501);
    }

    private String lastHash(MessageLogStore store, long id) {
        List<String> hash = new ArrayList<>();
        store.walk(start -> { }, row -> {
            if (row.id() == id) {
                hash.add(row.rowHash());
            }
        }, end -> { });
        return hash.get(0);
    }

    /** The first row whose chain does not hold, as the verification names it; null when intact. */
    private Long brokenAt(MessageLogStore store) {
        String[] previous = new String[1];
        Long[] broken = new Long[1];
        long[] last = new long[1];
        store.walk(start -> previous[0] = start, row -> {
            if (broken[0] == null && (!row.previousHash().equals(previous[0])
                    || !row.rowHash().equals(MessageLogChain.rowHash(row.previousHash(), row.entry())))) {
                broken[0] = row.id();
            }
            previous[0] = row.rowHash();
            last[0] = row.id();
        }, end -> {
            if (broken[0] == null && !end.equals(previous[0])) {
                broken[0] = last[0] + 1;
            }
        });
        return broken[0];
    }

    private void migrate(String target) {
        var flyway = Flyway.configure().dataSource(database).locations("classpath:db/migration");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    private MessageLogStore store() {
        return new MessageLogStore(new NamedParameterJdbcTemplate(database), json);
    }

    private Journalled journalled(String correlationId, String partner, String body) {
        MessageLogEntry entry = new MessageLogEntry(UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), correlationId, partner, "evisa", Direction.IN,
                Channel.REST, "/api/v1/x", Outcome.OK, null, 200, body == null ? 0 : body.length(), 3L,
                body == null ? null : MessageLogChain.sha256(body), body);
        try {
            return new Journalled(entry, json.writeValueAsString(entry));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
