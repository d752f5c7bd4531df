package kz.qazeta.hub.sandbox.border;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The Border Service's screening twin: answers each screening request (JMS request/reply) on the request's
 * JMSReplyTo with the same JMSCorrelationID. Its one rule, for testers: a document number starting with
 * {@code HIT} is a hit.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class BorderServiceTwin {

    private static final Logger LOG = LoggerFactory.getLogger(BorderServiceTwin.class);

    private final ObjectMapper json;
    private final JmsTemplate jms;

    public BorderServiceTwin(ObjectMapper json, @Qualifier("borderServiceTwinJms") JmsTemplate jms) {
        this.json = json;
        this.jms = jms;
    }

    @JmsListener(id = "sandbox-border-screening", destination = "${qazeta.sandbox.border-service.screening-queue}",
            containerFactory = "borderServiceTwinListeners")
    public void screen(TextMessage request) throws JMSException, IOException {
        String correlationId = request.getJMSCorrelationID();
        MDC.put("correlationId", correlationId == null ? "none" : correlationId);
        try {
            JsonNode person = json.readTree(request.getText());
            boolean hit = person.path("documentNumber").asText().startsWith("HIT");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("reference", person.path("reference").asText());
            answer.put("hit", hit);
            String reply = json.writeValueAsString(answer);
            jms.send(request.getJMSReplyTo(), session -> {
                TextMessage message = session.createTextMessage(reply);
                message.setJMSCorrelationID(correlationId);
                return message;
            });
            LOG.info("Border Service twin: screening {} ({})", person.path("reference").asText(), hit ? "hit" : "clear");
        } finally {
            MDC.remove("correlationId");
        }
    }
}
