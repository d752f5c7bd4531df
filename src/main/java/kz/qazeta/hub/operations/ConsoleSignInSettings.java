package kz.qazeta.hub.operations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console's sign-in (login form and HTTP Basic) holds off password guessing ({@code qazeta.operations.sign-in}):
 * after {@code max-failures-per-user} wrong passwords in a row for one console user, or {@code max-failures-per-address}
 * from one client address (whatever the user names), that user or address is locked for {@code first-lock}, then
 * for twice as long at each new lock, up to {@code max-lock}. A lock refuses the right password too.
 */
@ConfigurationProperties("qazeta.operations.sign-in")
public record ConsoleSignInSettings(@DefaultValue("5") int maxFailuresPerUser,
                                    @DefaultValue("20") int maxFailuresPerAddress,
                                    @DefaultValue("PT1M") Duration firstLock,
                                    @DefaultValue("PT1H") Duration maxLock) {
}
