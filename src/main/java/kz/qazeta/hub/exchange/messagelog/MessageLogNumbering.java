package kz.qazeta.hub.exchange.messagelog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the rows' numbers as a walk along the chain meets them: each journal's rows must come 1, 2, 3... (after
 * the last one archived), so a row that never reached the log, or was taken out of it, is named by its number
 * and the two rows it is missing between, even where the hashes around it still fit. Used by the verification of
 * the database and by the offline verification of the archive files.
 */
public final class MessageLogNumbering {

    /** Numbers {@code from..to} of {@code journal} are missing, after row {@code afterRowId} and before {@code beforeRowId}. */
    public record Gap(String journal, long fromNumber, long toNumber, Long afterRowId, Long beforeRowId) {

        public String describe() {
            String numbers = fromNumber == toNumber ? "number " + fromNumber : "numbers " + fromNumber + ".." + toNumber;
            String where = afterRowId == null && beforeRowId == null ? "(none of its rows is left)"
                    : afterRowId == null ? "before row " + beforeRowId
                    : beforeRowId == null ? "after row " + afterRowId + ", its last"
                    : "between row " + afterRowId + " and row " + beforeRowId;
            return "journal " + journal + ": row " + numbers + " missing " + where;
        }
    }

    private record Seen(long number, long rowId) {
    }

    private final Map<String, Long> startAfter;
    private final Map<String, Seen> last = new LinkedHashMap<>();
    private final Map<String, long[]> ranges = new LinkedHashMap<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<String> repeats = new ArrayList<>();

    /** {@code startAfter}: per journal, the number of its last row before the walk's first (archived); else 0. */
    public MessageLogNumbering(Map<String, Long> startAfter) {
        this.startAfter = startAfter;
    }

    public void row(long rowId, MessageLogEntry entry) {
        if (entry.sequence() == null) {
            return; // a row from before numbering
        }
        String journal = entry.journal();
        long number = entry.sequence();
        Seen before = last.get(journal);
        long previous = before != null ? before.number() : startAfter.getOrDefault(journal, 0L);
        if (number > previous + 1) {
            gaps.add(new Gap(journal, previous + 1, number - 1, before == null ? null : before.rowId(), rowId));
        } else if (number <= previous) {
            repeats.add("journal " + journal + ": row " + rowId + " has number " + number + ", not after " + previous);
        }
        if (before == null || number > before.number()) {
            last.put(journal, new Seen(number, rowId));
        }
        ranges.computeIfAbsent(journal, j -> new long[] {number, number, 0});
        long[] range = ranges.get(journal);
        range[1] = Math.max(range[1], number);
        range[2]++;
    }

    /** The walk has ended: a journal known to have numbered up to {@code lastNumbers} must have come that far. */
    public void end(Map<String, Long> lastNumbers) {
        lastNumbers.forEach((journal, number) -> {
            Seen seen = last.get(journal);
            long reached = seen != null ? seen.number() : startAfter.getOrDefault(journal, 0L);
            if (number > reached) {
                gaps.add(new Gap(journal, reached + 1, number, seen == null ? null : seen.rowId(), null));
            }
        });
    }

    public List<Gap> gaps() {
        return gaps;
    }

    /** Rows whose number is not after the one before them: a row written twice, or the journal's numbering lost. */
    public List<String> repeats() {
        return repeats;
    }

    /** Per journal met: the first and last number met, and how many numbered rows. */
    public Map<String, long[]> ranges() {
        return ranges;
    }
}
