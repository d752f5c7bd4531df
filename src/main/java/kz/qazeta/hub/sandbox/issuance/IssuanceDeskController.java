package kz.qazeta.hub.sandbox.issuance;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.MessageListenerContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For testers: hold the issuance twin's decisions back (its requests wait on the queue) and release them, e.g.
 * to let requests pile up and then measure how fast they are answered.
 */
@RestController
@RequestMapping("/sandbox/visa-issuance")
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class IssuanceDeskController {

    public record Decisions(boolean held) {
    }

    private final JmsListenerEndpointRegistry listeners;

    public IssuanceDeskController(JmsListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    @PutMapping("/decisions")
    public Map<String, Object> decisions(@RequestBody Decisions wanted) {
        MessageListenerContainer twin = listeners.getListenerContainer("sandbox-visa-issuance");
        if (wanted.held()) {
            twin.stop();
        } else {
            twin.start();
        }
        return show();
    }

    @GetMapping("/decisions")
    public Map<String, Object> show() {
        return Map.of("held", !listeners.getListenerContainer("sandbox-visa-issuance").isRunning());
    }
}
