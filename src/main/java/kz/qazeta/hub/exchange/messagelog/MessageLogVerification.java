package kz.qazeta.hub.exchange.messagelog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * Checks the message log's chain in the database: every row's hash recomputed from its fields and the row
 * before it, starting where the archive left off. A row altered, deleted or inserted shows as the first row
 * whose hash no longer fits; rows removed from the end show as a chain that stops short of the head's hash.
 * Each journal's row numbers must run without a gap from the last one archived to the last one the chain holds
 * and, for this instance's journal, to the last one it has journalled: a row missing for whatever reason (never
 * stored, taken out and the chain rebuilt around it) is named by its numbers and the rows it is missing between.
 */
@Component
public class MessageLogVerification {

    private final MessageLogStore store;
    private final MessageLogWriter writer;
    private final MessageLogJournal journal;

    public MessageLogVerification(MessageLogStore store, MessageLogWriter writer, MessageLogJournal journal) {
        this.store = store;
        this.writer = writer;
        this.journal = journal;
    }

    public Map<String, Object> verify() {
        Long journalled = writer.flushThrough();
        AtomicReference<MessageLogNumbering> numbering = new AtomicReference<>();
        Map<String, Long> lastNumbers = new HashMap<>();
        AtomicReference<String> previous = new AtomicReference<>();
        AtomicLong rows = new AtomicLong();
        AtomicReference<Long> broken = new AtomicReference<>();
        AtomicReference<String> why = new AtomicReference<>();
        AtomicLong lastId = new AtomicLong();
        store.walk(journals -> {
            Map<String, Long> archived = new HashMap<>();
            journals.forEach((id, numbers) -> {
                archived.put(id, numbers.archived());
                lastNumbers.put(id, numbers.last());
            });
            // this instance's rows journalled up to the flush are all in the database now (or missing)
            if (journalled != null && journalled > lastNumbers.getOrDefault(journal.id(), 0L)) {
                lastNumbers.put(journal.id(), journalled);
            }
            numbering.set(new MessageLogNumbering(archived));
        }, previous::set, row -> {
            rows.incrementAndGet();
            numbering.get().row(row.id(), row.entry());
            if (broken.get() != null) {
                return;
            }
            if (!row.previousHash().equals(previous.get())) {
                broken.set(row.id());
                why.set("the row before it is missing or was changed");
            } else if (!row.rowHash().equals(MessageLogChain.rowHash(row.previousHash(), row.entry()))) {
                broken.set(row.id());
                why.set("its content was changed");
            }
            previous.set(row.rowHash());
            lastId.set(row.id());
        }, head -> {
            if (broken.get() == null && !head.equals(previous.get())) {
                broken.set(lastId.get() + 1);
                why.set("rows at the end of the chain are missing");
            }
        });
        MessageLogNumbering numbers = numbering.get();
        numbers.end(lastNumbers);
        List<Map<String, Object>> missing = new ArrayList<>();
        for (MessageLogNumbering.Gap gap : numbers.gaps()) {
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("journal", gap.journal());
            named.put("fromNumber", gap.fromNumber());
            named.put("toNumber", gap.toNumber());
            named.put("afterRowId", gap.afterRowId());
            named.put("beforeRowId", gap.beforeRowId());
            named.put("description", gap.describe());
            missing.add(named);
        }
        if (broken.get() == null && !numbers.gaps().isEmpty()) {
            MessageLogNumbering.Gap first = numbers.gaps().get(0);
            broken.set(first.beforeRowId() != null ? first.beforeRowId() : lastId.get() + 1);
            why.set("rows are missing: " + first.describe());
        } else if (broken.get() == null && !numbers.repeats().isEmpty()) {
            why.set("rows are numbered out of order: " + numbers.repeats().get(0));
        }
        List<Map<String, Object>> journals = new ArrayList<>();
        numbers.ranges().forEach((id, range) -> journals.add(Map.of("journal", id, "firstNumber", range[0],
                "lastNumber", range[1], "rows", range[2])));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("intact", broken.get() == null && numbers.repeats().isEmpty());
        result.put("rowsChecked", rows.get());
        result.put("firstBrokenRowId", broken.get());
        result.put("reason", why.get());
        result.put("missing", missing);
        result.put("outOfOrder", numbers.repeats());
        result.put("journals", journals);
        return result;
    }
}
