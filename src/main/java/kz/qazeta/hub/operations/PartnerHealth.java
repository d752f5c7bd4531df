package kz.qazeta.hub.operations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * The partners in {@code /actuator/health}: one component per partner under {@code partners}, each from what is
 * configured for it ({@code qazeta.operations.health.partners.<partner>}): a cheap probe of its address (an HTTP GET
 * of its base URL or, for a SOAP partner, its {@code ?wsdl}: any answer below 500 is a partner that answers), the
 * consumers on its request queue for a partner reached through the broker (none: nobody takes the hub's requests),
 * and the state of the circuit breaker the routes keep for it (open: the hub has stopped calling it for a while).
 * A partner that is down makes the hub's health DOWN but not its readiness: the hub parks work for a partner that is
 * away and goes on when it is back. The Border Service's crossing database has its own component
 * ({@code BorderServiceDatabaseHealth}, in the border service).
 */
@Configuration(proxyBeanMethods = false)
public class PartnerHealth {

    /** How partners are probed: {@code timeout} per probe, and per partner its probe URL, queue and breaker. */
    @ConfigurationProperties("qazeta.operations.health")
    public record Settings(Duration timeout, Map<String, Probe> partners) {
        public Settings {
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
            partners = partners == null ? Map.of() : partners;
        }
    }

    /** What tells that one partner is there: any of an HTTP probe, a queue it consumes, the routes' breaker for it. */
    public record Probe(String url, String queue, String breaker) {
    }

    /** After the service folders, whose partners' probes are among the settings ({@code service.yaml}'s partners). */
    @Bean
    @DependsOn("serviceFolders")
    HealthContributor partnersHealthContributor(Settings settings, BrokerManagement broker, CircuitBreakers breakers) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, HealthIndicator> partners = new LinkedHashMap<>();
        settings.partners().forEach((partner, probe) ->
                partners.put(partner, () -> health(probe, http, settings.timeout(), broker, breakers)));
        return CompositeHealthContributor.fromMap(partners);
    }

    static Health health(Probe probe, HttpClient http, Duration timeout, BrokerManagement broker, CircuitBreakers breakers) {
        Health.Builder health = Health.up();
        if (probe.url() != null && !probe.url().isBlank()) {
            health.withDetail("probe", probe.url());
            String answer = reach(http, probe.url(), timeout);
            health.withDetail("reachable", answer);
            if (!answer.startsWith("HTTP ") || Integer.parseInt(answer.substring(5)) >= 500) {
                health.down();
            }
        }
        if (probe.queue() != null && !probe.queue().isBlank()) {
            health.withDetail("queue", probe.queue());
            try {
                int consumers = ((Number) broker.queueAttribute(probe.queue(), "consumerCount")).intValue();
                health.withDetail("consumers", consumers);
                if (consumers == 0) {
                    health.down().withDetail("reason", "nobody consumes its queue");
                }
            } catch (RuntimeException e) {
                health.down().withDetail("consumers", "unknown: the broker did not say");
            }
        }
        if (probe.breaker() != null && !probe.breaker().isBlank()) {
            String state = breakers.state(probe.breaker()).orElse("UNKNOWN");
            health.withDetail("circuitBreaker", probe.breaker()).withDetail("circuitState", state);
            if (state.equals("OPEN") || state.equals("FORCED_OPEN")) {
                health.down().withDetail("reason", "circuit open: the hub is not calling it for now");
            }
        }
        return health.build();
    }

    /** {@code HTTP <status>} when the partner answered at all, else why not. */
    static String reach(HttpClient http, String url, Duration timeout) {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return "HTTP " + answer.statusCode();
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no answer (interrupted)";
        } catch (IllegalArgumentException e) {
            return "bad probe address";
        }
    }
}
