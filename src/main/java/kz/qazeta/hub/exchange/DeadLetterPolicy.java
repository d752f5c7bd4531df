package kz.qazeta.hub.exchange;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A message a transacted JMS consumer route still fails on its last delivery ({@code JMSXDeliveryCount} at the
 * broker's {@code max-delivery-attempts}) is dead-lettered by the hub itself, in the consumer's own transaction, so
 * the dead letter says why: a copy goes to the queue's dead-letter queue ({@link DeadLetterAddresses}) with the
 * broker's own breadcrumbs ({@code _AMQ_ORIG_ADDRESS}, {@code _AMQ_ORIG_QUEUE}: what Artemis' retry operations send
 * it back by) and the hub's ({@code hubFailureReason}, {@code hubFailedRoute}, {@code hubFailedAt},
 * {@code hubDeliveryAttempts}, {@code hubCorrelationId}; {@code JMSCorrelationID} and the message's own properties
 * kept), and the exchange counts as a failure handled, as a Camel dead-letter channel's would. Earlier deliveries
 * fail as before: the transaction rolls back and the broker redelivers after its back-off. Should the hub die on
 * the last delivery, the broker dead-letters the message to the same queue by itself (without the reason).
 * <p>
 * Why not Camel's {@code deadLetterChannel}: it handles every failure on the spot, where the hub wants the earlier
 * deliveries rolled back to the broker's back-off and only the last one dead-lettered; and it sends the dead letter
 * through a producer of its own, outside the consumer's session, so a hub dying between that send and the consumer's
 * commit would leave the message both dead-lettered and delivered again. Sent in the consumer's session, the dead
 * letter and the consumption commit together or not at all.
 */
@Component
public class DeadLetterPolicy implements RoutePolicyFactory {

    public static final String REASON = "hubFailureReason";
    public static final String ROUTE = "hubFailedRoute";
    public static final String FAILED_AT = "hubFailedAt";
    public static final String ATTEMPTS = "hubDeliveryAttempts";
    public static final String CORRELATION_ID = "hubCorrelationId";
    public static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    public static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPolicy.class);
    private static final String CONSUMED = DeadLetterPolicy.class.getName() + ".consumed";
    private static final Set<String> NOT_COPIED = Set.of(REASON, ROUTE, FAILED_AT, ATTEMPTS, CORRELATION_ID,
            ORIGINAL_ADDRESS, ORIGINAL_QUEUE, "_AMQ_DUPL_ID");
    private static final int MAX_REASON = 500;

    private final DeadLetterAddresses addresses;
    private final int maxDeliveryAttempts;

    public DeadLetterPolicy(DeadLetterAddresses addresses,
                            @Value("${qazeta.broker.max-delivery-attempts}") int maxDeliveryAttempts) {
        this.addresses = addresses;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    /** The message a route consumed, the route, and the session (and so the transaction) it came in. */
    private record Consumed(String routeId, String queue, Message message, Session session) {
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route r, Exchange exchange) {
                if (r.getEndpoint() instanceof JmsEndpoint jms && !jms.isPubSubDomain()
                        && exchange.getIn() instanceof JmsMessage in && in.getJmsSession() != null) {
                    exchange.setProperty(CONSUMED, new Consumed(r.getRouteId(), jms.getDestinationName(), in.getJmsMessage(),
                            in.getJmsSession()));
                }
            }

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                Consumed consumed = exchange.getProperty(CONSUMED, Consumed.class);
                Exception failure = exchange.getException();
                // only where the message was consumed: a failing sub-route (direct:) hands its failure back up
                if (consumed != null && consumed.routeId().equals(r.getRouteId()) && failure != null && lastDelivery(consumed)) {
                    addresses.of(consumed.queue()).ifPresent(dlq -> deadLetter(r.getRouteId(), exchange, consumed, dlq, failure));
                }
            }
        };
    }

    private boolean lastDelivery(Consumed consumed) {
        try {
            return consumed.session().getTransacted()
                    && consumed.message().getIntProperty("JMSXDeliveryCount") >= maxDeliveryAttempts;
        } catch (JMSException e) {
            return false;
        }
    }

    private void deadLetter(String routeId, Exchange exchange, Consumed consumed, String dlq, Exception failure) {
        try {
            Message copy = copy(consumed.session(), consumed.message());
            if (copy == null) {
                return; // a kind of message the hub never sends: the broker dead-letters it by itself
            }
            String correlationId = consumed.message().getJMSCorrelationID();
            copy.setStringProperty(ORIGINAL_ADDRESS, consumed.queue());
            copy.setStringProperty(ORIGINAL_QUEUE, consumed.queue());
            copy.setStringProperty(REASON, reason(failure));
            copy.setStringProperty(ROUTE, routeId);
            copy.setStringProperty(FAILED_AT, Instant.now().toString());
            copy.setIntProperty(ATTEMPTS, consumed.message().getIntProperty("JMSXDeliveryCount"));
            if (correlationId != null) {
                copy.setStringProperty(CORRELATION_ID, correlationId);
            }
            Queue target = consumed.session().createQueue(dlq);
            try (MessageProducer producer = consumed.session().createProducer(target)) {
                producer.send(copy);
            }
        } catch (JMSException e) {
            LOG.warn("Could not dead-letter a message of {} to {} ({}); the broker will", consumed.queue(), dlq, e.toString());
            return;
        }
        // the failure is handled (as by a dead-letter channel): the consumer commits, the copy goes with it
        exchange.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, failure);
        exchange.setProperty(ExchangePropertyKey.FAILURE_HANDLED, true);
        exchange.setException(null);
        // the reason's text stays in the dead letter: an exception's message may quote the body it failed on
        LOG.warn("Dead-lettered a message of {} to {} after {} deliveries: {} in route {}", consumed.queue(), dlq,
                maxDeliveryAttempts, failure.getClass().getSimpleName(), routeId);
    }

    /** What went wrong, for the operator: the innermost cause's type and message, first line, bounded. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        String reason = root.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
        if (root != failure) {
            reason = failure.getClass().getSimpleName() + " caused by " + reason;
        }
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }

    private static Message copy(Session session, Message original) throws JMSException {
        Message copy;
        if (original instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (original instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage out = session.createBytesMessage();
            out.writeBytes(body);
            copy = out;
        } else {
            return null;
        }
        for (Object name : Collections.list(original.getPropertyNames())) {
            String property = (String) name;
            if (!property.startsWith("JMSX") && !property.startsWith("JMS_") && !NOT_COPIED.contains(property)) {
                copy.setObjectProperty(property, original.getObjectProperty(property));
            }
        }
        copy.setJMSCorrelationID(original.getJMSCorrelationID());
        copy.setJMSType(original.getJMSType());
        copy.setJMSReplyTo(original.getJMSReplyTo());
        return copy;
    }
}
