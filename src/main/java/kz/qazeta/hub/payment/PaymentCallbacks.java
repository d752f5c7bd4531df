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
        for (String field : new String[] {"eventId", "paymentId", "status"}) {
            if (callback == null || callback.path(field).asText("").isBlank()) {
                throw HubProblem.invalidRequest(field, "required");
            }
        }
        // the event id is kept in the idempotent repository (at most 100 characters with its prefix)
        if (callback.path("eventId").asText().length() > MAX_ID || callback.path("paymentId").asText().length() > MAX_ID) {
            throw HubProblem.invalidRequest(callback.path("eventId").asText().length() > MAX_ID ? "eventId" : "paymentId", "length");
        }
        message.setHeader(EVENT_ID, callback.path("eventId").asText());
    }

    public Reply acknowledge() {
        return Reply.ok(Map.of("received", true));
    }
}
