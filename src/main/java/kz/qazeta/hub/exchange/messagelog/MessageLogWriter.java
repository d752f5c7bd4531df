package kz.qazeta.hub.exchange.messagelog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves the journal's closed segments into the database, oldest first, every {@code flush-interval}. When the
 * database cannot take them it raises the alarm (an ERROR line, the {@code messageLog} health component DOWN,
 * the {@code hub.message_log.pending_segments} gauge) and tries again; the exchanges go on meanwhile.
 */
@Component("messageLogHealthIndicator")
public class MessageLogWriter implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(MessageLogWriter.class);

    private final MessageLogJournal journal;
    private final MessageLogStore store;
    private final Duration interval;
    private final AtomicBoolean alarm = new AtomicBoolean();
    private volatile String lastFailure;
    private volatile int pending;
    private volatile int setAside;
    private ScheduledExecutorService scheduler;

    public MessageLogWriter(MessageLogJournal journal, MessageLogStore store, MeterRegistry meters,
                            @Value("${qazeta.exchange.message-log.flush-interval}") Duration interval) {
        this.journal = journal;
        this.store = store;
        this.interval = interval;
        Gauge.builder("hub.message_log.pending_segments", () -> pending)
                .description("journal segments not yet in the database").register(meters);
    }

    /** Writes everything journalled so far; true when nothing is left waiting. */
    public boolean flush() {
        return flushThrough() != null;
    }

    /**
     * Writes everything journalled so far; answers the number of this journal's last row that is now in the
     * database (or was set aside), null when the database could not take them.
     */
    public synchronized Long flushThrough() {
        try {
            journal.rotate();
            long through = journal.sealed();
            List<MessageLogJournal.Segment> segments = journal.closedSegments();
            pending = segments.size();
            for (MessageLogJournal.Segment segment : segments) {
                try {
                    store.append(segment.name(), journal.records(segment));
                } catch (DataIntegrityViolationException refused) {
                    // not an outage: these rows will never fit; keep them on disk and let the rest through
                    setAside++;
                    journal.setAside(segment);
                    LOG.error("ALARM: the database refuses message-log segment {}; it is kept as {}.failed ({})",
                            segment.name(), segment.file().getFileName(), refused.getMostSpecificCause().getMessage());
                    pending--;
                    continue;
                }
                journal.applied(segment);
                pending--;
            }
            if (alarm.compareAndSet(true, false)) {
                LOG.info("Message log written again: the database took every journalled row");
            }
            return through;
        } catch (Exception e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (alarm.compareAndSet(false, true)) {
                LOG.error("ALARM: the message log cannot be written to the database; rows wait in the journal ({})",
                        lastFailure);
            }
            return null;
        }
    }

    @Override
    public Health health() {
        return alarm.get() || setAside > 0
                ? Health.down().withDetail("pendingSegments", pending).withDetail("segmentsSetAside", setAside)
                        .withDetail("lastFailure", String.valueOf(lastFailure)).build()
                : Health.up().withDetail("pendingSegments", pending).build();
    }

    @Override
    public void start() {
        try {
            journal.continueAfter(store.lastNumber(journal.id()));
        } catch (RuntimeException databaseAway) {
            // the journal's own record stands; the database is asked again by the writes
            LOG.warn("Cannot read the message log's last number of journal {} ({})", journal.id(), databaseAway.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "message-log-writer"));
        scheduler.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Stops after the routes (which stop at the default phase) so their last rows are written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
