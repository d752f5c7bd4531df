package kz.qazeta.hub.startup;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.stereotype.Component;

/**
 * Spring's lifecycle processor, which also stops what it started when the start fails after it: Camel starts its
 * routes on the context-refreshed event, after the lifecycle beans (the JMS listener containers, the sandbox twins'
 * listeners, the message-log writer) are running, and Spring 6.2 then destroys the beans without stopping them
 * (spring-framework#35964, fixed in later versions): their non-daemon threads kept a hub that failed to start
 * alive, retrying the broken-down broker for ever. Takes the place of Boot's own {@code lifecycleProcessor}.
 */
@Component("lifecycleProcessor")
// lazy: made by Spring when the refresh reaches the lifecycle, after every other singleton, so that on a failed
// start it is the first bean destroyed and stops the others while everything they use is still there
@Lazy
public class StopOnFailedStart extends DefaultLifecycleProcessor implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnFailedStart.class);

    public StopOnFailedStart(@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration timeoutPerPhase) {
        setTimeoutPerShutdownPhase(timeoutPerPhase.toMillis());
    }

    /** On a normal close the context has already stopped everything (onClose); after a failed start it has not. */
    @Override
    public void destroy() {
        if (isRunning()) {
            LOG.info("The start failed: stopping what had already started");
            onClose();
        }
    }
}
