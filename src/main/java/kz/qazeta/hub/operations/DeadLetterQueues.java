package kz.qazeta.hub.operations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.DeadLetterAddresses;
import kz.qazeta.hub.exchange.DeadLetterPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queues as operators see them, through the broker's own management operations (Artemis management
 * messages, so it works the same on the embedded broker and on an external one, as the hub's broker user with
 * {@code manage}): which dead-letter queues hold messages, what each message is (where it came from, why it failed,
 * its correlation id; never its body, which holds personal data), and sending one or all back to the queue it came
 * from ({@code retryMessage}, {@code retryMessages}: the operations Hawtio's Artemis view calls too).
 */
@Component
public class DeadLetterQueues {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueues.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerManagement broker;
    private final DeadLetterAddresses addresses;

    public DeadLetterQueues(BrokerManagement broker, DeadLetterAddresses addresses) {
        this.broker = broker;
        this.addresses = addresses;
    }

    /** One dead-letter queue and how many messages wait in it. */
    public record Summary(String queue, long messages) {
    }

    /** A dead letter as an operator needs it: no body. */
    public record DeadLetter(long messageId, String originalQueue, String reason, String route, String failedAt,
                             Object deliveryAttempts, String correlationId) {
    }

    /** The dead-letter queues the broker has (the configured ones always, the others once used). */
    public List<Summary> list() {
        List<Summary> all = new ArrayList<>();
        for (String queue : dlqNames()) {
            all.add(new Summary(queue, ((Number) broker.queueAttribute(queue, "messageCount")).longValue()));
        }
        return all;
    }

    public boolean exists(String queue) {
        return queue.startsWith(DeadLetterAddresses.PREFIX) && dlqNames().contains(queue);
    }

    /** The dead letters of one queue, oldest first. */
    public List<DeadLetter> browse(String queue) {
        String json = (String) broker.queueOperation(queue, "listMessagesAsJSON", "");
        try {
            List<Map<String, Object>> messages = JSON.readValue(json, new TypeReference<>() { });
            return messages.stream().map(m -> new DeadLetter(((Number) m.get("messageID")).longValue(),
                    text(m.getOrDefault(DeadLetterPolicy.ORIGINAL_QUEUE, m.get(DeadLetterPolicy.ORIGINAL_ADDRESS))),
                    text(m.get(DeadLetterPolicy.REASON)), text(m.get(DeadLetterPolicy.ROUTE)),
                    text(m.get(DeadLetterPolicy.FAILED_AT)), m.get(DeadLetterPolicy.ATTEMPTS),
                    // a dead letter the broker moved by itself has no hub properties, but its JMSCorrelationID
                    text(m.getOrDefault(DeadLetterPolicy.CORRELATION_ID, m.get("JMSCorrelationID"))))).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable answer of the broker's listMessagesAsJSON", e);
        }
    }

    /** Sends every message of a dead-letter queue back to the queue it came from; how many went. */
    public int retryAll(String queue) {
        int retried = ((Number) broker.queueOperation(queue, "retryMessages")).intValue();
        LOG.info("Operator retried {} dead letters of {}", retried, queue);
        return retried;
    }

    /** Sends one dead letter back to the queue it came from; whether it was there. */
    public boolean retry(String queue, long messageId) {
        boolean retried = Boolean.TRUE.equals(broker.queueOperation(queue, "retryMessage", messageId));
        LOG.info("Operator retried dead letter {} of {}: {}", messageId, queue, retried ? "sent back" : "not found");
        return retried;
    }

    private List<String> dlqNames() {
        Object names = broker.brokerAttribute("queueNames");
        List<String> all = new ArrayList<>(addresses.queues());
        if (names instanceof Object[] array) {
            Arrays.stream(array).map(String::valueOf).filter(n -> n.startsWith(DeadLetterAddresses.PREFIX))
                    .filter(n -> !all.contains(n)).sorted().forEach(all::add);
        }
        return all;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** For the API: the dead letters per queue (used by {@link DeadLetterController}). */
    Map<String, Object> describe(String queue) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queue", queue);
        answer.put("messages", browse(queue));
        return answer;
    }
}
