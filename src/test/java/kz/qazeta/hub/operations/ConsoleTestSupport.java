package kz.qazeta.hub.operations;

import kz.qazeta.hub.HubTestSupport;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.test.context.TestPropertySource;

/**
 * The hub as its operators see it: with Camel's and the broker's MBeans, which the console (Hawtio, Jolokia) shows.
 * One hub of its own for these tests, the only one in the test JVM with MBeans, so the console shows its routes and
 * queues and no other hub's (Camel's test support leaves the MBeans out of the other hubs).
 */
@DisableJmx(false)
@TestPropertySource(properties = "qazeta.broker.jmx-enabled=true")
abstract class ConsoleTestSupport extends HubTestSupport {
}
