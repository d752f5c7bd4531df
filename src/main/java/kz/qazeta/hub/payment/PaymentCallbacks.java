package kz.qazeta.hub.payment;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.HubProblem;
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

    private final ObjectMapper json;

    public PaymentCallbacks(ObjectMapper json) {
        this.json = json;
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
        message.setHeader(EVENT_ID, callback.path("eventId").asText());
    }

    public Reply acknowledge() {
        return Reply.ok(Map.of("received", true));
    }
}
