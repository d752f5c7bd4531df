package kz.qazeta.hub.exchange.messagelog;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.annotation.XmlRootElement;
import kz.qazeta.hub.exchange.Correlation;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.Route;
import org.apache.camel.StreamCache;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Records the hops between the hub and its partners in the message log, wherever a route makes them: a request
 * sent to a partner's endpoint (OUT) and, for request/response protocols, its answer (IN); a message consumed
 * from a partner's queue (IN). Which endpoints belong to which partner is configuration
 * ({@code qazeta.exchange.partners.*.endpoints}); the service is the group of the route that makes the hop.
 */
@Component
public class PartnerHops extends EventNotifierSupport implements CamelContextConfiguration {

    /** Exchange property: the service a partner-call template's call is made for (its {@code service} parameter). */
    public static final String PARTNER_CALL_SERVICE = "partnerCallService";

    private final MessageLog messageLog;
    private final ExchangeDirectory directory;
    private final Map<Class<?>, JAXBContext> jaxb = new ConcurrentHashMap<>();
    /** Marshallers are not thread-safe and cost more to make than to use: one per thread and type. */
    private final ThreadLocal<Map<Class<?>, Marshaller>> marshallers = ThreadLocal.withInitial(java.util.HashMap::new);

    public PartnerHops(MessageLog messageLog, ExchangeDirectory directory) {
        this.messageLog = messageLog;
        this.directory = directory;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    /** Registered before the routes start, so that their exchanges emit the events this listens to. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent
                || event instanceof ExchangeCreatedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending) {
            hop(sending.getExchange(), sending.getEndpoint().getEndpointUri(), Direction.OUT, null);
        } else if (event instanceof ExchangeSentEvent sent && !isOneWay(sent.getEndpoint().getEndpointUri(), sent.getExchange())) {
            hop(sent.getExchange(), sent.getEndpoint().getEndpointUri(), Direction.IN, sent.getTimeTaken());
        } else if (event instanceof ExchangeCreatedEvent created && created.getExchange().getFromEndpoint() != null) {
            hop(created.getExchange(), created.getExchange().getFromEndpoint().getEndpointUri(), Direction.IN, null);
        }
    }

    private void hop(Exchange exchange, String uri, Direction direction, Long durationMs) {
        String partner = directory.partnerForEndpoint(uri).orElse(null);
        String service = partner == null ? null : service(exchange);
        if (partner == null || !messageLog.keeps(service)) {
            return;
        }
        Throwable failure = exchange.getException();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (failure instanceof HttpOperationFailedException http) {
            status = http.getStatusCode();
        }
        Outcome outcome = failure == null ? Outcome.OK
                : status != null && status < 500 ? Outcome.REFUSED : Outcome.FAULT;
        byte[] body = failure instanceof HttpOperationFailedException http && http.getResponseBody() != null
                ? http.getResponseBody().getBytes(StandardCharsets.UTF_8)
                : failure == null ? text(exchange) : new byte[0];
        // a message just taken from a queue has its correlation id only as JMSCorrelationID yet
        String correlationId = exchange.getMessage().getHeader(Correlation.HEADER, String.class);
        if (correlationId == null) {
            correlationId = exchange.getMessage().getHeader(Correlation.JMS_HEADER, String.class);
        }
        messageLog.record(new MessageLog.Message(correlationId,
                partner, service, direction, channel(uri), uri, outcome,
                failure == null ? null : failure.getClass().getSimpleName(), direction == Direction.IN ? status : null,
                body, durationMs));
    }

    private static boolean isOneWay(String uri, Exchange exchange) {
        return uri.startsWith("jms:") && !exchange.getPattern().isOutCapable();
    }

    /**
     * The service a partner call named (the partner-call templates send from a route the services share), else the
     * group of the route making the hop, else of the route the exchange began in (a REST contract's has none).
     */
    private static String service(Exchange exchange) {
        String called = exchange.getProperty(PARTNER_CALL_SERVICE, String.class);
        if (called != null) {
            return called;
        }
        Route current = org.apache.camel.support.ExchangeHelper.getRoute(exchange);
        if (current != null && current.getGroup() != null) {
            return group(exchange, current);
        }
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        return route == null ? null : group(exchange, route);
    }

    /**
     * A route's group; for a route made from a template whose group is a template parameter ({@code "{{service}}"}),
     * the value that route was given (Camel does not resolve template parameters in a route's group).
     */
    private static String group(Exchange exchange, Route route) {
        String group = route.getGroup();
        if (group != null && group.startsWith("{{") && group.endsWith("}}")
                && exchange.getContext() instanceof org.apache.camel.model.ModelCamelContext model) {
            var definition = model.getRouteDefinition(route.getRouteId());
            Object value = definition == null || definition.getTemplateParameters() == null ? null
                    : definition.getTemplateParameters().get(group.substring(2, group.length() - 2));
            return value == null ? group : value.toString();
        }
        return group;
    }

    private static Channel channel(String uri) {
        if (uri.startsWith("cxf")) {
            return Channel.SOAP;
        }
        if (uri.startsWith("jms")) {
            return Channel.JMS;
        }
        return uri.startsWith("sql") ? Channel.SQL : Channel.REST;
    }

    /** The body as text: JAXB objects (SOAP in POJO mode) as the XML they travel as. */
    private byte[] text(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && !list.isEmpty()) {
            body = list.get(0);
        }
        if (body != null && body.getClass().isAnnotationPresent(XmlRootElement.class)) {
            try {
                StringWriter xml = new StringWriter();
                Marshaller marshaller = marshallers.get().get(body.getClass());
                if (marshaller == null) {
                    marshaller = jaxb.computeIfAbsent(body.getClass(), PartnerHops::context).createMarshaller();
                    marshallers.get().put(body.getClass(), marshaller);
                }
                marshaller.marshal(body, xml);
                return xml.toString().getBytes(StandardCharsets.UTF_8);
            } catch (JAXBException e) {
                return body.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        String text = exchange.getMessage().getBody(String.class);
        if (exchange.getMessage().getBody() instanceof StreamCache cached) {
            cached.reset(); // the route reads it next
        }
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static JAXBContext context(Class<?> type) {
        try {
            return JAXBContext.newInstance(type);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }
}
