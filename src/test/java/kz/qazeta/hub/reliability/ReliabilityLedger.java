package kz.qazeta.hub.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reliability suite's bookkeeping: for each fault or class of hostile input, how many cases a test tried and
 * how many it lost (an application lost, stuck, processed twice or let through; a 5xx, a stack trace, a changed
 * record, a file read, a connection opened). Attacks are counted by what they let in: an attack class's line says
 * how many tries got past the wall they were aimed at (read another partner's record, reached the partner, ran an
 * operation, held the hub). Tests record here before they assert, so the table tells the truth about a failing run
 * too; {@link ReliabilityReport} prints it when the tests end.
 */
public final class ReliabilityLedger {

    /** One line of the table; {@code letIn} is null on a fault's line (it is counted for attacks only). */
    public record Line(String area, String kind, int tried, int lost, Integer letIn, String shows) {
    }

    private static final Map<String, Entry> LINES = new ConcurrentSkipListMap<>();

    private ReliabilityLedger() {
    }

    /**
     * Counts {@code tried} cases of {@code kind} (e.g. "partner answers a SOAP fault") under {@code area} (e.g.
     * "faults: partners"), {@code lost} of them lost; {@code shows} says in a few words what the test proves.
     */
    public static void record(String area, String kind, int tried, int lost, String shows) {
        Entry entry = LINES.computeIfAbsent(area + "\u0000" + kind, k -> new Entry(area, kind, shows, false));
        entry.tried.addAndGet(tried);
        entry.lost.addAndGet(lost);
    }

    /**
     * Counts {@code tried} tries of one attack class (e.g. "a second partner reads a record by id") under
     * {@code area} (e.g. "attack: owners"), {@code letIn} of them let through the wall they were aimed at. A try let
     * in is also a case lost.
     */
    public static void attack(String area, String kind, int tried, int letIn, String shows) {
        Entry entry = LINES.computeIfAbsent(area + "\u0000" + kind, k -> new Entry(area, kind, shows, true));
        entry.tried.addAndGet(tried);
        entry.lost.addAndGet(letIn);
        entry.letIn.addAndGet(letIn);
    }

    /** The message log's rows in one case (a restart, a kill -9, an archive): numbered, stored, verified, missing. */
    public record MessageLogLine(String situation, long written, long stored, long verified, long missing) {
    }

    private static final List<MessageLogLine> MESSAGE_LOG = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Records the message log's figures after {@code situation}: rows the journal numbered ({@code written}), rows
     * in the database and the archive ({@code stored}), rows the verification found intact ({@code verified}), and
     * the missing numbers it named.
     */
    public static void messageLog(String situation, long written, long stored, long verified, long missing) {
        MESSAGE_LOG.add(new MessageLogLine(situation, written, stored, verified, missing));
    }

    public static List<MessageLogLine> messageLogLines() {
        return List.copyOf(MESSAGE_LOG);
    }

    public static List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        LINES.values().forEach(e -> lines.add(new Line(e.area, e.kind, e.tried.get(), e.lost.get(),
                e.attack ? e.letIn.get() : null, e.shows)));
        return lines;
    }

    private static final class Entry {
        final String area;
        final String kind;
        final String shows;
        final boolean attack;
        final AtomicInteger tried = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final AtomicInteger letIn = new AtomicInteger();

        Entry(String area, String kind, String shows, boolean attack) {
            this.area = area;
            this.kind = kind;
            this.shows = shows;
            this.attack = attack;
        }
    }
}
