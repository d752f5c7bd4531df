package kz.qazeta.hub.border;

import java.util.Map;

import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A hub whose Border Service database cannot be reached: the certificate is refused with a 503, after the retries. */
@TestPropertySource(properties = {
        // nothing listens there
        "qazeta.partners.border-service.database.url=jdbc:h2:tcp://127.0.0.1:9/nowhere",
        "qazeta.partners.border-service.database.connect-timeout-ms=500",
        // databases of its own: the other hubs of the test JVM must not take its work, nor it theirs
        "spring.datasource.url=jdbc:h2:mem:hub-outage-test;DB_CLOSE_DELAY=-1",
        "qazeta.sandbox.database-url=jdbc:h2:mem:sandbox-outage-test;DB_CLOSE_DELAY=-1"})
class BorderServiceOutageTest extends HubTestSupport {

    @Test
    void anUnreachableCrossingDatabaseIsA503NamingTheBorderService() {
        var response = post(BorderCertificateFlowTest.CERTIFICATES, BorderCertificateFlowTest.SMITH,
                Map.of("Accept-Language", "en"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).path("type").asText()).endsWith("/service-unavailable");
        assertThat(json(response).path("detail").asText()).contains("Border Service");
        // nothing was issued: the next request is refused the same way, not half-answered
        assertThat(post(BorderCertificateFlowTest.CERTIFICATES, BorderCertificateFlowTest.SMITH, Map.of()).statusCode())
                .isEqualTo(503);
    }
}
