package kz.qazeta.hub.exchange.messagelog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * Checks the message log's chain in the database: every row's hash recomputed from its fields and the row
 * before it, starting where the archive left off. A row altered, deleted or inserted shows as the first row
 * whose hash no longer fits; rows removed from the end show as a chain that stops short of the head's hash.
 */
@Component
public class MessageLogVerification {

    private final MessageLogStore store;
    private final MessageLogWriter writer;

    public MessageLogVerification(MessageLogStore store, MessageLogWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    public Map<String, Object> verify() {
        writer.flush();
        AtomicReference<String> previous = new AtomicReference<>();
        AtomicLong rows = new AtomicLong();
        AtomicReference<Long> broken = new AtomicReference<>();
        AtomicReference<String> why = new AtomicReference<>();
        AtomicLong lastId = new AtomicLong();
        store.walk(previous::set, row -> {
            rows.incrementAndGet();
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("intact", broken.get() == null);
        result.put("rowsChecked", rows.get());
        result.put("firstBrokenRowId", broken.get());
        result.put("reason", why.get());
        return result;
    }
}
