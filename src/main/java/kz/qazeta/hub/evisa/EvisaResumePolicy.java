package kz.qazeta.hub.evisa;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the hub looks at an application again ({@code qazeta.evisa.resume.*}).
 *
 * @param periodMs          how often the resume poller runs
 * @param batch             how many overdue applications it hands out per run
 * @param watchdog          how long a step may stay silent before it is handed out again
 * @param firstBackoff      the wait after a partner could not be reached, doubled per attempt
 * @param maxBackoff        the longest such wait
 * @param decisionWatchdog  how long a visa request may stay unanswered before it is sent again
 */
@ConfigurationProperties("qazeta.evisa.resume")
public record EvisaResumePolicy(long periodMs, int batch, Duration watchdog, Duration firstBackoff,
                                Duration maxBackoff, Duration decisionWatchdog) {
}
