package kz.qazeta.hub.exchange.partners;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.LogSafe;
import kz.qazeta.hub.exchange.messagelog.MessageLog;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the hub keeps of a request the gate refuses, so that refusing costs less than asking: one short message-log
 * row (no body, no hash), the counter {@code hub.gate.refusals} by problem type, and at most one WARN line per
 * source address per {@code qazeta.exchange.unknown-callers.refusal-log-interval}, which counts the refusals it
 * did not write out one by one. An unknown caller over its address's rate gets no row at all (only the counter and
 * the summary): otherwise a flood of wrong keys would still fill the log.
 */
@Component
public class GateRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerGate.class);
    private static final String OTHERS = "others";

    private final MessageLog messageLog;
    private final MeterRegistry meters;
    private final long interval;
    private final int maxAddresses;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    public GateRefusals(MessageLog messageLog, MeterRegistry meters, UnknownCallers callers) {
        this.messageLog = messageLog;
        this.meters = meters;
        this.interval = callers.limits().refusalLogInterval().toNanos();
        this.maxAddresses = callers.limits().addresses();
    }

    /** A refused request as the gate saw it. */
    public record Refusal(String correlationId, String address, String method, String path, String partner,
                          String service, HubProblem problem, long startedNanos) {
    }

    /** Records a refusal: a short row unless {@code row} is false, the counter, and the bounded WARN line. */
    public void record(Refusal r, boolean row) {
        if (row) {
            messageLog.record(new MessageLog.Message(r.correlationId(), r.partner(), r.service(), Direction.IN,
                    Channel.REST, r.path(), Outcome.REFUSED, r.problem().type(), r.problem().status(), null,
                    Duration.ofNanos(System.nanoTime() - r.startedNanos()).toMillis()));
        }
        Counter.builder("hub.gate.refusals").description("requests refused at the gate, by problem type")
                .tag("type", r.problem().type()).register(meters).increment();
        long notLogged = window(r.address()).admitLine();
        if (notLogged >= 0) {
            LOG.warn("Refused {} {} from {} ({}{}): {}{}", r.method(), LogSafe.text(r.path()), LogSafe.text(r.address()),
                    r.partner() == null ? "no valid credential" : "partner ", r.partner() == null ? "" : r.partner(),
                    r.problem().type(), notLogged == 0 ? ""
                            : "; " + notLogged + " more refusals from this address before this one were not logged one by one");
        }
    }

    private Window window(String address) {
        Window window = windows.get(address);
        if (window != null) {
            return window;
        }
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last > interval && lastSweep.compareAndSet(last, now)) {
            windows.values().removeIf(w -> now - w.started > 2 * interval);
        }
        return windows.computeIfAbsent(windows.size() >= maxAddresses ? OTHERS : address, a -> new Window());
    }

    /** One address's refusals: the first in an interval is logged, with the count of those left out before it. */
    private final class Window {
        volatile long started = System.nanoTime() - 2 * interval;
        long silenced;

        /** -1: no line now; else a line is due, and this many refusals went unlogged since the last one. */
        synchronized long admitLine() {
            long now = System.nanoTime();
            if (now - started >= interval) {
                started = now;
                long left = silenced;
                silenced = 0;
                return left;
            }
            silenced++;
            return -1;
        }
    }
}
