package kz.qazeta.hub.exchange.partners;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * What callers the hub does not know (no credential, or a wrong one) may take of it, counted per source address:
 * a rate (requests per second, {@code 429} beyond), and for those admitted as {@code anyone} the requests under way
 * at once, per address and all together, so slow anonymous clients cannot hold the web server's workers (partners
 * with a key are not counted). At most {@code addresses} addresses are tracked; beyond, the others share one entry.
 */
@Component
public class UnknownCallers {

    /**
     * @param ratePerSecond        requests per second from one address without a valid credential (anonymous or wrong key)
     * @param inFlightPerAddress   anonymous requests under way at once from one address
     * @param inFlight             anonymous requests under way at once from all addresses together
     * @param addresses            addresses tracked at once (memory bound); idle ones are forgotten after a minute
     * @param refusalLogInterval   refusals from one address make at most one WARN line per interval
     */
    @ConfigurationProperties("qazeta.exchange.unknown-callers")
    public record Limits(int ratePerSecond, int inFlightPerAddress, int inFlight, int addresses,
                         Duration refusalLogInterval) {

        // safe without any configuration: production does not depend on application.yaml's values
        public Limits {
            ratePerSecond = ratePerSecond > 0 ? ratePerSecond : 20;
            inFlightPerAddress = inFlightPerAddress > 0 ? inFlightPerAddress : 8;
            inFlight = inFlight > 0 ? inFlight : 64;
            addresses = addresses > 0 ? addresses : 10_000;
            refusalLogInterval = refusalLogInterval == null ? Duration.ofMinutes(1) : refusalLogInterval;
        }
    }

    /** An admitted anonymous request's place; released once, when the request is over. */
    public interface Permit {
        void release();
    }

    private static final Duration IDLE = Duration.ofMinutes(1);
    private static final String OTHERS = "others";

    private final Limits limits;
    private final ConcurrentHashMap<String, Caller> callers = new ConcurrentHashMap<>();
    private final Semaphore allAnonymous;
    private volatile long lastSweep;

    public UnknownCallers(Limits limits) {
        this.limits = limits;
        this.allAnonymous = new Semaphore(limits.inFlight());
    }

    public Limits limits() {
        return limits;
    }

    /** Whether the address may make one more request now (taken from its rate). */
    public boolean withinRate(String address) {
        return caller(address).rate.acquirePermission();
    }

    /** A place for one more anonymous request from the address, or null when it (or everyone) has too many under way. */
    public Permit admit(String address) {
        Caller caller = caller(address);
        if (!caller.inFlight.tryAcquire()) {
            return null;
        }
        if (!allAnonymous.tryAcquire()) {
            caller.inFlight.release();
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                allAnonymous.release();
                caller.inFlight.release();
            }
        };
    }

    /**
     * The caller's address as counted: an IPv4 address whole, an IPv6 address by its /64 network (what one
     * subscriber is given). Behind a reverse proxy this is the proxy, unless Tomcat is told to trust its
     * X-Forwarded-For ({@code server.forward-headers-strategy=native}, {@code server.tomcat.remoteip.internal-proxies}).
     */
    public static String addressOf(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.indexOf(':') < 0) {
            return String.valueOf(remoteAddr);
        }
        try {
            byte[] bytes = InetAddress.getByName(remoteAddr).getAddress(); // a literal: no name lookup
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : remoteAddr;
        } catch (UnknownHostException notALiteral) {
            return remoteAddr;
        }
    }

    private Caller caller(String address) {
        Caller caller = callers.get(address);
        if (caller != null) {
            caller.lastSeen = System.nanoTime();
            return caller;
        }
        if (callers.size() >= limits.addresses()) {
            sweep();
            if (callers.size() >= limits.addresses()) {
                return callers.computeIfAbsent(OTHERS, a -> new Caller());
            }
        }
        return callers.computeIfAbsent(address, a -> new Caller());
    }

    /** Forgets idle addresses with nothing under way; at most once a second, however many addresses call. */
    private void sweep() {
        long now = System.nanoTime();
        if (now - lastSweep < Duration.ofSeconds(1).toNanos()) {
            return;
        }
        lastSweep = now;
        callers.entrySet().removeIf(e -> now - e.getValue().lastSeen > IDLE.toNanos()
                && e.getValue().inFlight.availablePermits() == limits.inFlightPerAddress());
    }

    private final class Caller {
        final RateLimiter rate = RateLimiter.of("unknown-caller", RateLimiterConfig.custom()
                .limitForPeriod(limits.ratePerSecond()).limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO).build());
        final Semaphore inFlight = new Semaphore(limits.inFlightPerAddress());
        volatile long lastSeen = System.nanoTime();
    }
}
