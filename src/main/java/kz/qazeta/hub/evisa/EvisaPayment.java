package kz.qazeta.hub.evisa;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.evisa.EvisaApplications.Column;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.payment.PaymentCallbackCheck;
import kz.qazeta.hub.payment.PaymentCallbackRefusals;
import kz.qazeta.hub.payment.PaymentRequests;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The e-Visa's service fee: asking the payment gateway for a payment, and taking its callback. */
@Component("evisaPayment")
public class EvisaPayment {

    /** Header: the application has just been paid and the issuance step is next. */
    public static final String PAID = "evisaPaid";

    private static final Logger LOG = LoggerFactory.getLogger(EvisaPayment.class);
    private static final Set<EvisaStatus> VERIFIED = EnumSet.of(EvisaStatus.INVITATION_VERIFIED);
    private static final Set<EvisaStatus> AWAITING = EnumSet.of(EvisaStatus.AWAITING_PAYMENT);
    /** Statuses the fee was paid in already: a callback for them is a repeat and changes nothing. */
    private static final Set<EvisaStatus> PAID_ALREADY = EnumSet.of(EvisaStatus.PAID, EvisaStatus.ISSUANCE_REQUESTED,
            EvisaStatus.ISSUED, EvisaStatus.REFUSED);

    private final EvisaApplications applications;
    private final EvisaStatusEvents events;
    private final ObjectMapper json;
    private final BigDecimal fee;
    private final String currency;
    private final String callbackUrl;
    private final EvisaResumePolicy resume;
    private final PaymentRequests paymentRequests;
    private final PaymentCallbackRefusals refusals;

    public EvisaPayment(EvisaApplications applications, EvisaStatusEvents events, ObjectMapper json,
                        @Value("${qazeta.evisa.fee.amount}") BigDecimal fee,
                        @Value("${qazeta.evisa.fee.currency}") String currency,
                        @Value("${qazeta.partners.payment-gateway.callback-url}") String callbackUrl,
                        EvisaResumePolicy resume, PaymentRequests paymentRequests, PaymentCallbackRefusals refusals) {
        this.applications = applications;
        this.paymentRequests = paymentRequests;
        this.refusals = refusals;
        this.events = events;
        this.json = json;
        this.fee = fee;
        this.currency = currency;
        this.callbackUrl = callbackUrl;
        this.resume = resume;
    }

    /** The fee to ask for (the hub's own shape, mapped to the gateway's by JSONata), or null if not due. */
    public String prepare(Message message) throws JsonProcessingException {
        String id = message.getBody(String.class);
        message.setHeader(EvisaIntake.APPLICATION_ID, id);
        var application = applications.find(id).orElse(null);
        if (application == null || application.status() != EvisaStatus.INVITATION_VERIFIED) {
            return null;
        }
        // the order id is the application id (mappings/payment-gateway/fee-to-payment-request.jsonata)
        paymentRequests.asked(id, "evisa", id, this.fee, currency);
        Map<String, Object> fee = new LinkedHashMap<>();
        fee.put("applicationId", id);
        fee.put("service", "evisa");
        fee.put("category", application.request().category());
        fee.put("amount", this.fee);
        fee.put("currency", currency);
        fee.put("callbackUrl", callbackUrl);
        return json.writeValueAsString(fee);
    }

    /**
     * The gateway created the payment: the front door can now show the payment link, and the payment's callback is
     * taken (the payment request learns the gateway's payment id in the same transaction).
     */
    @Transactional
    public void recordRequested(Message message) throws JsonProcessingException {
        String id = message.getHeader(EvisaIntake.APPLICATION_ID, String.class);
        JsonNode payment = json.readTree(message.getBody(String.class));
        Map<Column, Object> columns = new EnumMap<>(Column.class);
        columns.put(Column.PAYMENT_ID, payment.path("paymentId").asText());
        columns.put(Column.PAYMENT_URL, payment.path("url").asText());
        columns.put(Column.PAYMENT_AMOUNT, payment.path("amount").decimalValue());
        columns.put(Column.PAYMENT_CURRENCY, payment.path("currency").asText());
        boolean moved = applications.transition(id, VERIFIED, EvisaStatus.AWAITING_PAYMENT, columns, null);
        if (moved) {
            paymentRequests.created(id, payment.path("paymentId").asText());
        }
        events.changed(message, moved, id);
    }

    /** The gateway could not be reached: the application stays verified and the poller asks again later. */
    public void postpone(Message message) {
        String id = message.getHeader(EvisaIntake.APPLICATION_ID, String.class);
        int attempts = applications.postpone(id, VERIFIED, EvisaStatus.INVITATION_VERIFIED,
                resume.firstBackoff(), resume.maxBackoff());
        LOG.warn("Payment gateway unavailable for application {} (attempt {}); will ask again", id, attempts);
        events.changed(message, false, id);
    }

    /**
     * The gateway says a payment is paid (the hub's shape of its callback, checked against what the hub asked for
     * by {@link PaymentCallbackCheck}, which names the application). Moves the application to PAID once; a
     * repeated callback finds it already paid and changes nothing; a callback for an application that does not
     * await payment yet, or ended without it, is refused.
     */
    public void recordPaid(Message message) throws JsonProcessingException {
        JsonNode callback = json.readTree(message.getBody(String.class));
        String paymentId = callback.path("paymentId").asText();
        String id = message.getHeader(PaymentCallbackCheck.APPLICATION_ID, String.class);
        var application = applications.find(id).orElseThrow(() -> HubProblem.notFound("payment-not-found", paymentId));
        if (application.status() != EvisaStatus.AWAITING_PAYMENT && !PAID_ALREADY.contains(application.status())) {
            throw refusals.refuse("not-awaiting-payment", "orderId", callback.path("eventId").asText(),
                    callback.path("reference").asText(), "application " + id + " is " + application.status());
        }
        message.setHeader(EvisaIntake.APPLICATION_ID, application.id());
        if (!"PAID".equals(callback.path("status").asText())) {
            LOG.info("Payment {} of application {} reported {}", paymentId, application.id(), callback.path("status").asText());
            events.changed(message, false, application.id());
            return;
        }
        boolean moved = applications.transition(application.id(), AWAITING, EvisaStatus.PAID, Map.of(), resume.watchdog());
        message.setHeader(PAID, moved);
        events.changed(message, moved, application.id());
    }
}
