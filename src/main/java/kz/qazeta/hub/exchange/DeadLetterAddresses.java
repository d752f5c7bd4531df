package kz.qazeta.hub.exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.SortedSet;

import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a message that cannot be processed ends up: one dead-letter queue per partner for the partner's queues
 * ({@code DLQ.partner.<partner>}: the addresses of its broker grants and its {@code jms://queue:} endpoints), one per
 * hub service for the hub's own step queues ({@code hub.<service>.*} into {@code DLQ.hub.<service>}), and
 * {@code DLQ.<queue>} for anything else. The embedded broker is configured from this (address settings), and
 * {@link DeadLetterPolicy} sends to the same place, so a queue's dead letters are in one place whoever put them there.
 */
@Component
public class DeadLetterAddresses {

    public static final String PREFIX = "DLQ.";

    private final Map<String, String> byQueue = new LinkedHashMap<>();
    private final List<String> hubServices;

    public DeadLetterAddresses(ExchangeDirectory directory,
                               @Value("${qazeta.broker.dead-letters.hub-services}") List<String> hubServices) {
        this.hubServices = List.copyOf(hubServices);
        directory.partners().forEach((id, partner) -> {
            String dlq = PREFIX + "partner." + id;
            partner.endpoints().stream().filter(e -> e.startsWith("jms://queue:") || e.startsWith("jms:queue:"))
                    .map(e -> e.substring(e.indexOf("queue:") + "queue:".length()))
                    .forEach(queue -> byQueue.putIfAbsent(queue, dlq));
            if (partner.broker() != null) {
                partner.broker().send().forEach(address -> byQueue.putIfAbsent(address, dlq));
                partner.broker().consume().forEach(address -> byQueue.putIfAbsent(address, dlq));
            }
        });
    }

    /**
     * The dead-letter queue of a partner's or a hub service's queue; empty for any other queue, which the broker
     * dead-letters to {@code DLQ.<queue>} (on its {@code DLA} address) by itself.
     */
    public Optional<String> of(String queue) {
        String partners = byQueue.get(queue);
        if (partners != null) {
            return Optional.of(partners);
        }
        return hubService(queue).map(service -> PREFIX + "hub." + service);
    }

    /** The partner queues (or topics) and the dead-letter queue of each. */
    public Map<String, String> partnerAddresses() {
        return Map.copyOf(byQueue);
    }

    /** The hub's services whose step queues ({@code hub.<service>.*}) share a dead-letter queue. */
    public List<String> hubServices() {
        return hubServices;
    }

    /** Every dead-letter queue this configuration names (not the {@code DLQ.<queue>} fallbacks). */
    public SortedSet<String> queues() {
        SortedSet<String> all = new TreeSet<>(byQueue.values());
        hubServices.forEach(service -> all.add(PREFIX + "hub." + service));
        return all;
    }

    private Optional<String> hubService(String queue) {
        return hubServices.stream().filter(service -> queue.startsWith("hub." + service + ".")).findFirst();
    }
}
