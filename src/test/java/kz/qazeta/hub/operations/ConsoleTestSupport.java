package kz.qazeta.hub.operations;

import kz.qazeta.hub.HubTestSupport;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.test.context.TestPropertySource;

/**
 * The hub as its operators see it: with Camel's and the broker's MBeans, which the console (Hawtio, Jolokia) shows.
 * One hub of its own for these tests, on databases of its own, and the only one in the test JVM with MBeans, so the
 * console shows its routes and queues and no other hub's (Camel's test support leaves the MBeans out of the others).
 */
@DisableJmx(false)
@TestPropertySource(properties = {"qazeta.broker.jmx-enabled=true",
        // databases of its own: the other hubs of the test JVM must not take its work (their resume pollers read
        // the same in-memory database otherwise), nor it theirs
        "spring.datasource.url=jdbc:h2:mem:hub-console-test;DB_CLOSE_DELAY=-1",
        "qazeta.sandbox.database-url=jdbc:h2:mem:sandbox-console-test;DB_CLOSE_DELAY=-1",
        "qazeta.sandbox.border-crossings.url=jdbc:h2:mem:border-service-console-test;DB_CLOSE_DELAY=-1",
        "qazeta.partners.border-service.database.url=jdbc:h2:mem:border-service-console-test"})
abstract class ConsoleTestSupport extends HubTestSupport {
}
