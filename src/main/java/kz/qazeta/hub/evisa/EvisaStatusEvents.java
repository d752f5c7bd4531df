package kz.qazeta.hub.evisa;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.Correlation;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Status-change events for the front door. A step that moved an application sets the header
 * {@code evisaStatusEvent} (the event's JSON); the route {@code evisa-publish-status-event} publishes it.
 */
@Component("evisaStatusEvents")
public class EvisaStatusEvents {

    public static final String HEADER = "evisaStatusEvent";

    private final EvisaApplications applications;
    private final ObjectMapper json;

    public EvisaStatusEvents(EvisaApplications applications, ObjectMapper json) {
        this.applications = applications;
        this.json = json;
    }

    public void changed(Message message, boolean moved, String applicationId) {
        if (!moved) {
            message.removeHeader(HEADER);
            return;
        }
        var application = applications.find(applicationId).orElseThrow();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("applicationId", application.id());
        event.put("service", "evisa");
        event.put("status", application.status());
        event.put("at", application.updatedAt());
        event.put("correlationId", message.getHeader(Correlation.HEADER));
        if (application.reason() != null) {
            event.put("reasonCode", application.reason().code());
        }
        try {
            message.setHeader(HEADER, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
