package kz.qazeta.hub.exchange;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Faults of the hub itself, told apart from a partner's: a request mapping that fails before a partner is called
 * (a JSONata or XSLT that does not compile, or cannot map this request). Each is an alarm: one ERROR line starting
 * with {@link #MARKER} and the counter {@code hub.faults} (tags {@code kind}, {@code mapping}); the caller gets
 * 500 {@code hub-fault}. The partner is not called, so its circuit breaker and health do not hear of it.
 */
@Component("hubFaults")
public class HubFaults {

    /** What an alarm on the logs matches: every hub-fault line starts with it. */
    public static final String MARKER = "HUB-FAULT";

    private static final Logger LOG = LoggerFactory.getLogger(HubFaults.class);

    private final MeterRegistry meters;

    public HubFaults(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A JSONata whose result is undefined (a field it needs is missing) made nothing to send: that is a fault too. */
    public void requireOutput(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank() || body.equals("null")) {
            throw new IllegalStateException("the mapping gave no value for this request");
        }
    }

    /** The mapping {@code mapping} (a file under mappings/) failed on the exchange's request: a hub fault. */
    public void mappingFailed(String mapping, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Counter.builder("hub.faults").description("Faults of the hub itself (a mapping that fails), by kind and mapping")
                .tag("kind", "mapping").tag("mapping", mapping).register(meters).increment();
        LOG.error("{} mapping {} failed, the partner was not called: {}", MARKER, mapping,
                LogSafe.text(cause == null ? "no exception" : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        throw HubProblem.hubFault(cause);
    }
}
