package kz.qazeta.hub.payment;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.JsonBodies;
import kz.qazeta.hub.exchange.Reply;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Reads a payment callback in the hub's shape (after the gateway's JSON is mapped) and names its event, so
 * the route can skip one it has already processed.
 */
@Component("paymentCallbacks")
public class PaymentCallbacks {

    public static final String EVENT_ID = "paymentEventId";
    private static final int MAX_ID = 64;

    private final ObjectMapper json;
    private final JsonBodies bodies;

    public PaymentCallbacks(ObjectMapper json, JsonBodies bodies) {
        this.json = json;
        this.bodies = bodies;
    }

    /**
     * The gateway's body, before it is mapped, must be a JSON object the hub's reader takes (its limits on depth,
     * number and string lengths included), one JSON value with no key twice: anything else is a 400 naming the
     * problem, not a failure of the mapping (whose own parser reads the first value and keeps the last of two keys).
     */
    public void requireJsonObject(Message message) {
        String body = message.getBody(String.class);
        bodies.check(body);
        try {
            if (!json.readTree(body).isObject()) {
                throw HubProblem.invalidRequest("body", "malformed-json");
            }
        } catch (JsonProcessingException e) {
            throw HubProblem.invalidRequest("body", "malformed-json");
        }
    }

    public void read(Message message) {
        JsonNode callback;
        try {
            callback = json.readTree(message.getBody(String.class));
        } catch (JsonProcessingException e) {
            throw HubProblem.invalidRequest("body", "malformed-json");
        }
        // the hub's field, then the gateway's name for it (the one a refusal names); the order and the amount are
        // checked against what the hub asked for (PaymentCallbackCheck)
        String[][] required = {{"eventId", "eventId"}, {"paymentId", "paymentId"}, {"status", "state"},
                {"reference", "orderId"}, {"currency", "amount.currency"}};
        for (String[] field : required) {
            if (callback == null || callback.path(field[0]).asText("").isBlank()) {
                throw HubProblem.invalidRequest(field[1], "required");
            }
        }
        if (!callback.path("amount").isNumber()) {
            throw HubProblem.invalidRequest("amount.value", callback.path("amount").isMissingNode() ? "required" : "format");
        }
        // the event id is kept in the idempotent repository (at most 100 characters with its prefix)
        for (String[] field : new String[][] {{"eventId", "eventId"}, {"paymentId", "paymentId"}, {"reference", "orderId"}}) {
            if (callback.path(field[0]).asText().length() > MAX_ID) {
                throw HubProblem.invalidRequest(field[1], "length");
            }
        }
        message.setHeader(EVENT_ID, callback.path("eventId").asText());
    }

    public Reply acknowledge() {
        return Reply.ok(Map.of("received", true));
    }
}
