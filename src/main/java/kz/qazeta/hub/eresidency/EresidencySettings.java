package kz.qazeta.hub.eresidency;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The e-Residency onboarding's configuration ({@code qazeta.eresidency}): its partner banks and mobile
 * operators (one of each marked default), and how its steps retry and time out.
 *
 * @param maxAttempts       calls to a partner per step before the step fails (an operator may retry it)
 * @param firstBackoff      the wait after a step's first failed attempt; it doubles up to {@code maxBackoff}
 * @param watchdog          a step queued or in progress this long without news is queued again
 * @param bankAnswerTimeout a bank that has not answered by then fails the step (an operator may retry it)
 * @param resumePeriodMs    how often the resume poller looks for due steps
 */
@ConfigurationProperties("qazeta.eresidency")
public record EresidencySettings(int consumers, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                                 Duration watchdog, Duration bankAnswerTimeout, long resumePeriodMs,
                                 Map<String, Bank> banks, Map<String, MobileOperator> mobileOperators) {

    /** A partner bank: its queues on the hub's broker (it consumes requests and sends answers). */
    public record Bank(String name, String requestQueue, String replyQueue, @Name("default") boolean isDefault) {
    }

    /** A mobile operator that activates e-SIMs over REST. */
    public record MobileOperator(String name, String url, @Name("default") boolean isDefault) {
    }

    /** The bank a request names, "default" naming the one configured as default. */
    public Optional<String> bank(String wanted) {
        return choose(banks, wanted, Bank::isDefault);
    }

    public Optional<String> mobileOperator(String wanted) {
        return choose(mobileOperators, wanted, MobileOperator::isDefault);
    }

    private static <T> Optional<String> choose(Map<String, T> partners, String wanted,
                                               java.util.function.Predicate<T> isDefault) {
        if (wanted == null || "default".equals(wanted)) {
            return partners.entrySet().stream().filter(e -> isDefault.test(e.getValue())).map(Map.Entry::getKey).findFirst();
        }
        return partners.containsKey(wanted) ? Optional.of(wanted) : Optional.empty();
    }
}
