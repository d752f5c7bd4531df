package kz.qazeta.hub.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password guessing on the console's sign-in, counted from Spring Security's authentication events (login form and
 * HTTP Basic alike): wrong passwords in a row per console user and per client address, and the locks they earn
 * ({@link ConsoleSignInSettings}). {@link #guard} puts the locks in front of the password check, so that a locked user
 * or address is refused before its password is even looked at. Each lock is logged at WARN with the user (or "an
 * unknown user", so that a password typed as a user name never reaches the log), the address and its length.
 */
public class ConsoleSignInLocks {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSignInLocks.class);
    /** Addresses kept track of at most; past that, the ones neither locked nor failing lately are forgotten. */
    private static final int MAX_TRACKED = 10_000;

    private final ConsoleSignInSettings settings;
    private final OperationsSettings operations;
    private final Clock clock;
    private final Map<String, Failures> users = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    public ConsoleSignInLocks(ConsoleSignInSettings settings, OperationsSettings operations, Clock clock) {
        this.settings = settings;
        this.operations = operations;
        this.clock = clock;
    }

    /** The password check behind the locks. */
    public AuthenticationProvider guard(AuthenticationProvider passwords) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) throws AuthenticationException {
                Instant now = clock.instant();
                if (locked(users.get(authentication.getName()), now) || locked(addresses.get(address(authentication)), now)) {
                    throw new LockedException("sign-in locked after too many wrong passwords");
                }
                return passwords.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return passwords.supports(authentication);
            }
        };
    }

    @EventListener
    void wrongPassword(AuthenticationFailureBadCredentialsEvent event) {
        Authentication attempt = event.getAuthentication();
        String user = operations.users().containsKey(attempt.getName()) ? attempt.getName() : null;
        String address = address(attempt);
        Instant now = clock.instant();
        if (user != null) {
            fail(users, user, settings.maxFailuresPerUser(), now, "user " + user, address);
        }
        if (address != null) {
            if (addresses.size() > MAX_TRACKED) {
                addresses.values().removeIf(f -> f.forgettable(now));
            }
            fail(addresses, address, settings.maxFailuresPerAddress(), now,
                    "address " + address, user == null ? "an unknown user" : "user " + user);
        }
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        Authentication user = event.getAuthentication();
        users.remove(user.getName());
        String address = address(user);
        if (address != null) {
            addresses.remove(address);
        }
    }

    private void fail(Map<String, Failures> counts, String key, int max, Instant now, String who, String detail) {
        Duration lock = counts.computeIfAbsent(key, k -> new Failures()).fail(max, now, settings);
        if (lock != null) {
            LOG.warn("console sign-in locked: {} (last try as {}) for {} after {} wrong passwords in a row",
                    who, detail, lock, max);
        }
    }

    private static boolean locked(Failures failures, Instant now) {
        return failures != null && failures.lockedAt(now);
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }

    /** Wrong passwords in a row, and the lock they earned. */
    private static final class Failures {
        private int inARow;
        private int locks;
        private Instant lockedUntil = Instant.MIN;
        private Instant last = Instant.MIN;

        /** Counts one more; returns the lock it earns, if it earns one. */
        synchronized Duration fail(int max, Instant now, ConsoleSignInSettings settings) {
            last = now;
            if (now.isBefore(lockedUntil)) {
                return null;
            }
            if (++inARow < max) {
                return null;
            }
            Duration lock = settings.firstLock().multipliedBy(1L << Math.min(locks, 20));
            if (lock.compareTo(settings.maxLock()) > 0) {
                lock = settings.maxLock();
            }
            locks++;
            inARow = 0;
            lockedUntil = now.plus(lock);
            return lock;
        }

        synchronized boolean lockedAt(Instant now) {
            return now.isBefore(lockedUntil);
        }

        synchronized boolean forgettable(Instant now) {
            return !lockedAt(now) && last.isBefore(now.minus(Duration.ofHours(1)));
        }
    }
}
