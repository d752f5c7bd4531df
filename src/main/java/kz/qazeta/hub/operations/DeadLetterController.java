package kz.qazeta.hub.operations;

import java.util.List;
import java.util.Map;

import kz.qazeta.hub.exchange.HubProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' dead-letter API under {@code /api/v1/admin/} (the {@code admin} service: the platform operator's
 * API key, checked by {@code PartnerGate} like every admin call): which dead-letter queues hold what, and sending
 * one dead letter or all of a queue back to where they came from once the cause is fixed.
 */
@RestController
public class DeadLetterController {

    private final DeadLetterQueues queues;

    public DeadLetterController(DeadLetterQueues queues) {
        this.queues = queues;
    }

    @GetMapping("/api/v1/admin/dead-letters")
    public Map<String, Object> queues() {
        return Map.of("queues", queues.list());
    }

    @GetMapping("/api/v1/admin/dead-letters/{queue}")
    public Map<String, Object> messages(@PathVariable String queue) {
        return queues.describe(known(queue));
    }

    /** All of the queue's messages back, or only {@code messageId}. */
    @PostMapping("/api/v1/admin/dead-letters/{queue}/retry")
    public Map<String, Object> retry(@PathVariable String queue, @RequestParam(required = false) Long messageId) {
        known(queue);
        if (messageId == null) {
            return Map.of("queue", queue, "retried", queues.retryAll(queue));
        }
        if (!queues.retry(queue, messageId)) {
            throw HubProblem.notFound("dead-letter-unknown", queue, messageId);
        }
        return Map.of("queue", queue, "retried", 1, "messageIds", List.of(messageId));
    }

    private String known(String queue) {
        if (!queues.exists(queue)) {
            throw HubProblem.notFound("dead-letter-queue-unknown", queue);
        }
        return queue;
    }
}
