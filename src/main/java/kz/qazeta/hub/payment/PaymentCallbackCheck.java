package kz.qazeta.hub.payment;

import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.payment.PaymentRequests.PaymentRequest;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * A signed callback is believed only as far as it matches what the hub asked the gateway for: the order must be
 * one the hub issued, the payment the one the gateway created for that order, the amount and currency those asked
 * for. A callback that differs is refused as an alarm ({@link PaymentCallbackRefusals}); one that matches names the
 * application it pays in the header {@value #APPLICATION_ID}.
 */
@Component("paymentCallbackCheck")
public class PaymentCallbackCheck {

    /** Header: the application whose fee the checked callback is about (the one its order was asked for). */
    public static final String APPLICATION_ID = "applicationId";

    private final PaymentRequests requests;
    private final PaymentCallbackRefusals refusals;
    private final ObjectMapper json;

    public PaymentCallbackCheck(PaymentRequests requests, PaymentCallbackRefusals refusals, ObjectMapper json) {
        this.requests = requests;
        this.refusals = refusals;
        this.json = json;
    }

    /** Checks the callback (the hub's shape, read by {@link PaymentCallbacks#read} before). */
    public void check(Message message) throws JsonProcessingException {
        JsonNode callback = json.readTree(message.getBody(String.class));
        String eventId = callback.path("eventId").asText();
        String paymentId = callback.path("paymentId").asText();
        String orderId = callback.path("reference").asText();
        BigDecimal amount = callback.path("amount").decimalValue();
        String currency = callback.path("currency").asText();

        PaymentRequest asked = requests.find(orderId).orElseThrow(() -> refusals.refuse("order-unknown", "orderId",
                eventId, orderId, "the hub never asked for a payment of this order"));
        var paymentsOrder = requests.findByPaymentId(paymentId).filter(other -> !other.orderId().equals(orderId));
        if (paymentsOrder.isPresent()) {
            throw refusals.refuse("order-of-another-application", "orderId", eventId, orderId,
                    "payment " + paymentId + " was asked for order " + paymentsOrder.get().orderId());
        }
        if (asked.paymentId() != null && !asked.paymentId().equals(paymentId)) {
            throw refusals.refuse("payment-id", "paymentId", eventId, orderId,
                    "payment " + paymentId + ", the gateway created " + asked.paymentId() + " for this order");
        }
        if (amount.compareTo(asked.amount()) != 0) {
            throw refusals.refuse("amount", "amount.value", eventId, orderId,
                    "amount " + amount.toPlainString() + ", asked " + asked.amount().toPlainString());
        }
        if (!asked.currency().equals(currency)) {
            throw refusals.refuse("currency", "amount.currency", eventId, orderId,
                    "currency " + currency + ", asked " + asked.currency());
        }
        if (asked.paymentId() == null) {
            // asked for, but the gateway's answer is not recorded yet (a payer quicker than the answer): the gateway
            // sends the callback again until the hub knows the payment
            throw HubProblem.notFound("payment-not-found", paymentId);
        }
        message.setHeader(APPLICATION_ID, asked.applicationId());
    }
}
