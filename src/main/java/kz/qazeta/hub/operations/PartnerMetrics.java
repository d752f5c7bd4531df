package kz.qazeta.hub.operations;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Every hop between the hub and a partner, counted and timed per partner, wherever a route makes it (the partners'
 * endpoints are configuration: {@code qazeta.exchange.partners.*.endpoints}): {@code hub.partner.calls} (a timer with
 * percentiles; tags {@code partner}, {@code channel}, {@code outcome} ok or failed) for what the hub sends, and
 * {@code hub.partner.messages} for what it takes from a partner's queue. From the moment an exchange talks to a
 * partner, or from its start when it is a message from one, to its end, the partner's id is in the log lines' MDC as
 * {@code partner} (the last one it talked to). Camel Spring Boot adds every {@code EventNotifier} bean to the context
 * itself: adding it once more would count every call twice.
 */
@Component
public class PartnerMetrics extends EventNotifierSupport {

    public static final String MDC_KEY = "partner";
    private static final String PARTNER = PartnerMetrics.class.getName() + ".partner";
    /** The id of the exchange a consumer created: copies (a circuit breaker's, a multicast's) end before it. */
    private static final String ORIGIN = PartnerMetrics.class.getName() + ".origin";

    private final MeterRegistry meters;
    private final ExchangeDirectory directory;

    public PartnerMetrics(MeterRegistry meters, ExchangeDirectory directory) {
        this.meters = meters;
        this.directory = directory;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent
                || event instanceof ExchangeCreatedEvent || event instanceof ExchangeCompletedEvent
                || event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending) {
            directory.partnerForEndpoint(sending.getEndpoint().getEndpointUri()).ifPresent(partner -> {
                sending.getExchange().setProperty(PARTNER, partner);
                MDC.put(MDC_KEY, partner);
            });
        } else if (event instanceof ExchangeSentEvent sent) {
            String uri = sent.getEndpoint().getEndpointUri();
            directory.partnerForEndpoint(uri).ifPresent(partner -> {
                Timer.builder("hub.partner.calls").description("Calls and messages the hub sent to a partner")
                        .tag("partner", partner).tag("channel", channel(uri))
                        .tag("outcome", sent.getExchange().getException() == null ? "ok" : "failed")
                        .register(meters).record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
            });
        } else if (event instanceof ExchangeCreatedEvent created && created.getExchange().getFromEndpoint() != null) {
            Exchange exchange = created.getExchange();
            exchange.setProperty(ORIGIN, exchange.getExchangeId());
            String uri = exchange.getFromEndpoint().getEndpointUri();
            directory.partnerForEndpoint(uri).ifPresentOrElse(partner -> {
                Counter.builder("hub.partner.messages").description("Messages the hub took from a partner's queue")
                        .tag("partner", partner).tag("channel", channel(uri)).register(meters).increment();
                exchange.setProperty(PARTNER, partner);
                MDC.put(MDC_KEY, partner);
            }, () -> MDC.remove(MDC_KEY)); // a new exchange starts without an earlier one's partner
        } else if (event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent) {
            Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
            if (exchange.getProperty(PARTNER) != null && exchange.getExchangeId().equals(exchange.getProperty(ORIGIN))) {
                MDC.remove(MDC_KEY);
            }
        }
    }

    private static String channel(String uri) {
        if (uri.startsWith("cxf")) {
            return "soap";
        }
        if (uri.startsWith("jms")) {
            return "jms";
        }
        return uri.startsWith("sql") ? "sql" : "rest";
    }
}
