package kz.qazeta.hub.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import kz.qazeta.hub.exchange.partners.PartnersAdded;
import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The routes' circuit breakers (Camel's Resilience4j EIP), found by walking the routes once Camel has started,
 * each known by the name of its circuit ({@code invitation-registry-breaker}: a partner's id and {@code -breaker}),
 * which is the breaker's node id unless it names a shared circuit. The shared ones are made here, before the routes:
 * one circuit per partner the hub calls, {@code <partner>-breaker} in Camel's registry, with the settings
 * {@code qazeta.partners.circuit.*}; the partner-call templates use them ({@code resilience4jConfiguration.circuitBreaker}),
 * so every call to one partner, whichever templated route makes it, opens and closes the same circuit. Each gets
 * the gauge {@code hub.circuit.breaker.state} (tags {@code breaker}, {@code partner}, {@code state}: 1 for the state
 * it is in, 0 for the others, as Resilience4j's own metrics do).
 */
@Component
public class CircuitBreakers implements CamelContextConfiguration {

    private static final List<String> STATES = List.of("CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "DISABLED", "METRICS_ONLY");

    private final MeterRegistry meters;
    private final ExchangeDirectory directory;
    private final CircuitBreakerRegistry circuits;
    private final Map<String, ResilienceProcessor> byId = new TreeMap<>();
    private CamelContext camel;

    public CircuitBreakers(MeterRegistry meters, ExchangeDirectory directory,
                           @Value("${qazeta.partners.circuit.failure-rate-threshold}") float failureRateThreshold,
                           @Value("${qazeta.partners.circuit.minimum-calls}") int minimumCalls,
                           @Value("${qazeta.partners.circuit.window}") int window,
                           @Value("${qazeta.partners.circuit.open-seconds}") int openSeconds) {
        this.meters = meters;
        this.directory = directory;
        this.circuits = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold).minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(window).waitDurationInOpenState(Duration.ofSeconds(openSeconds)).build());
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        directory.partners().forEach((partner, entry) -> {
            if (!entry.endpoints().isEmpty()) {
                bind(partner);
            }
        });
    }

    /** The circuits of partners added while the hub runs (a service folder's), before their routes are made. */
    @EventListener
    public void added(PartnersAdded added) {
        if (camel != null) {
            added.partners().forEach(this::bind);
        }
    }

    private void bind(String partner) {
        CircuitBreaker circuit = circuits.circuitBreaker(partner + "-breaker");
        camel.getRegistry().bind(circuit.getName(), CircuitBreaker.class, circuit);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Route route : camelContext.getRoutes()) {
            collect(route.navigate());
        }
        byId.forEach((id, breaker) -> STATES.forEach(state -> Gauge.builder("hub.circuit.breaker.state",
                        breaker, b -> state.equals(b.getCircuitBreakerState()) ? 1 : 0)
                .description("1 for the state a route's circuit breaker is in").tag("breaker", id)
                .tag("partner", partnerOf(id)).tag("state", state.toLowerCase()).register(meters)));
    }

    private void collect(Navigate<Processor> node) {
        if (node == null || !node.hasNext()) {
            return;
        }
        for (Processor child : new ArrayList<>(node.next())) {
            if (child instanceof ResilienceProcessor breaker && breaker.getId() != null) {
                byId.put(breaker.getCircuitBreaker() != null ? breaker.getCircuitBreaker().getName() : breaker.getId(), breaker);
            }
            if (child instanceof Navigate<?> deeper) {
                @SuppressWarnings("unchecked")
                Navigate<Processor> next = (Navigate<Processor>) deeper;
                collect(next);
            }
        }
    }

    /** The state of a breaker, by its circuit's name (CLOSED, OPEN, HALF_OPEN, ...), if there is such a breaker. */
    public Optional<String> state(String id) {
        return Optional.ofNullable(byId.get(id)).map(ResilienceProcessor::getCircuitBreakerState);
    }

    public Map<String, ResilienceProcessor> all() {
        return Map.copyOf(byId);
    }

    static String partnerOf(String breakerId) {
        return breakerId.endsWith("-breaker") ? breakerId.substring(0, breakerId.length() - "-breaker".length()) : breakerId;
    }
}
