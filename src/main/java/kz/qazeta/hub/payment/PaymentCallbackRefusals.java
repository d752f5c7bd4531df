package kz.qazeta.hub.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Refuses a signed payment callback that does not match what the hub asked for. Such a callback is either a
 * gateway fault or someone who holds the signing secret, so each one is an alarm: an ERROR line marked
 * {@value #MARKER} and a count in {@code hub_payment_callbacks_refused_total{reason}}; the gateway gets a 422
 * {@code payment-mismatch} naming the field.
 */
@Component
public class PaymentCallbackRefusals {

    public static final String MARKER = "ALARM payment-mismatch";
    public static final String PROBLEM = "payment-mismatch";

    private static final Logger LOG = LoggerFactory.getLogger(PaymentCallbackRefusals.class);

    private final MeterRegistry meters;

    public PaymentCallbackRefusals(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Raises the alarm and returns the problem to throw.
     *
     * @param reason the counter's tag and the field message's key ({@code field.payment-<reason>})
     * @param field  the field of the gateway's callback at fault
     * @param what   what the callback said against what the hub asked for, for the operator
     */
    public HubProblem refuse(String reason, String field, String eventId, String orderId, String what) {
        LOG.error("{}: callback {} for order {} refused, {} ({}); nothing changed", MARKER, LogSafe.text(eventId),
                LogSafe.text(orderId), field, LogSafe.text(what));
        Counter.builder("hub.payment.callbacks.refused")
                .description("Signed payment callbacks refused because they do not match what the hub asked for")
                .tag("reason", reason).register(meters).increment();
        return HubProblem.refusal(PROBLEM, new HubProblem.FieldError(field, "payment-" + reason));
    }
}
