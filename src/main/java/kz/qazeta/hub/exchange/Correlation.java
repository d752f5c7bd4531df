package kz.qazeta.hub.exchange;

import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * One correlation id per exchange, on every route: taken from the caller's {@code X-Correlation-Id} (HTTP)
 * or {@code JMSCorrelationID} (JMS), minted when neither is usable, and put in the MDC so every log line
 * carries it. Routes pass it on as the HTTP header, the SOAP header and {@code JMSCorrelationID}.
 */
@Component
public class Correlation implements RoutePolicyFactory {

    public static final String HEADER = "X-Correlation-Id";
    public static final String JMS_HEADER = "JMSCorrelationID";
    public static final String MDC_KEY = "correlationId";

    /** What a caller may send as a correlation id: short, printable, no spaces (it ends up in logs). */
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Override
    public RoutePolicy createRoutePolicy(org.apache.camel.CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route r, Exchange exchange) {
                String id = of(exchange);
                exchange.getMessage().setHeader(HEADER, id);
                exchange.getMessage().setHeader(JMS_HEADER, id);
                MDC.put(MDC_KEY, id);
            }

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                MDC.remove(MDC_KEY);
            }
        };
    }

    /** Whether a caller's correlation id can be taken as it is. */
    public static boolean acceptable(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches();
    }

    /** The exchange's correlation id, or a new one when the caller sent none that is usable. */
    public static String of(Exchange exchange) {
        for (String header : new String[] {HEADER, JMS_HEADER}) {
            String candidate = exchange.getMessage().getHeader(header, String.class);
            if (acceptable(candidate)) {
                return candidate;
            }
        }
        return UUID.randomUUID().toString();
    }
}
