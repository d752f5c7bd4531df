package kz.qazeta.hub.exchange;

import org.apache.camel.component.jms.JmsHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * What leaves the hub as JMS message properties: the correlation id (and a duplicate-detection id) and nothing else. Without it, every
 * header an exchange picked up on its way (HTTP request headers, internal flags) would travel to partners.
 * Standard JMS headers (JMSCorrelationID, JMSReplyTo, ...) are set by Camel's binding and are not affected.
 */
@Component("jmsHeaderPolicy")
public class JmsHeaderPolicy extends JmsHeaderFilterStrategy {

    public JmsHeaderPolicy() {
        super(false);
        // and Artemis' duplicate-detection id, where a route sets one
        setOutFilterPattern("(?i)(?!(" + Correlation.HEADER + "|_AMQ_DUPL_ID)$).*");
    }
}
