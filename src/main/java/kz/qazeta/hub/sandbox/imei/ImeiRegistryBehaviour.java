package kz.qazeta.hub.sandbox.imei;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * How the IMEI registry twin misbehaves, for testers: answer every call after a delay (beyond the hub's time-out),
 * or answer the next N calls {@code 503 Service Unavailable}. Set through {@code PUT /sandbox/imei-registry/behaviour}.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class ImeiRegistryBehaviour {

    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicInteger faultsRemaining = new AtomicInteger();

    public void set(long delay, int faults) {
        delayMillis.set(Math.max(0, delay));
        faultsRemaining.set(Math.max(0, faults));
    }

    public long delayMillis() {
        return delayMillis.get();
    }

    public int faultsRemaining() {
        return faultsRemaining.get();
    }

    /** Whether this call should fail (and counts it down). */
    boolean takeFault() {
        return faultsRemaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
