package kz.qazeta.hub.exchange;

import java.util.Arrays;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * How the hub's HTTP client (camel-http, Apache HttpClient 5) calls REST partners, for both the {@code http} and the
 * {@code https} component:
 * <ul>
 * <li>it repeats nothing by itself: HttpClient's own retry strategy would re-send a POST answered 503 (and requests
 * that failed on I/O) once more, unseen by the hub's policy; retries are the hub's, in the route configuration
 * {@code partner-call} (routes/route-configurations.camel.yaml);</li>
 * <li>no JMS header ({@code JMSCorrelationID}, ...) of a message the exchange began with becomes an HTTP header.</li>
 * </ul>
 * Set on both components before the routes start, as their endpoints (and HTTP clients) are made when they do.
 */
@Component
public class PartnerHttpCalls implements CamelContextConfiguration {

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = camelContext.getComponent(scheme, HttpComponent.class);
            http.setAutomaticRetriesDisabled(true);
            http.setHeaderFilterStrategy(new WithoutJmsHeaders());
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    /** Camel's filter of HTTP headers (Camel's own and the hop-by-hop ones), and the JMS ones too. */
    static class WithoutJmsHeaders extends HttpHeaderFilterStrategy {

        WithoutJmsHeaders() {
            setOutFilterStartsWith(Stream.concat(Arrays.stream(CAMEL_FILTER_STARTS_WITH), Stream.of("JMS", "jms"))
                    .toArray(String[]::new));
        }
    }
}
