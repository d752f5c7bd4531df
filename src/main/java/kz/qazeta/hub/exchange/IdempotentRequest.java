package kz.qazeta.hub.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.messagelog.MessageLogChain;
import org.apache.camel.Message;

/**
 * A front-door submission's {@code Idempotency-Key} (null when it sent none) with the hash of what it sent: the
 * same key with the same request returns the application made the first time; with another request it is a 409.
 * A key is the calling partner's own: the services look it up among that partner's records only, so two partners'
 * same key never meet (no 409 across partners, nothing of another's application returned).
 */
public record IdempotentRequest(String key, String hash) {

    public static final String HEADER = "Idempotency-Key";

    public static IdempotentRequest of(Message message, Object request, ObjectMapper json) throws JsonProcessingException {
        String key = message.getHeader(HEADER, String.class);
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw HubProblem.invalidRequest(HEADER, "length");
        }
        return new IdempotentRequest(key, MessageLogChain.sha256(json.writeValueAsString(request)));
    }

    /** An application was made earlier under this key from a request with {@code earlierHash}: it must be this one. */
    public void requireSameAs(String earlierHash) {
        if (!hash.equals(earlierHash)) {
            throw HubProblem.conflict("idempotency-key-reused");
        }
    }
}
