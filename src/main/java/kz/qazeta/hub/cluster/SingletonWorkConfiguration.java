package kz.qazeta.hub.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The work that must run on one instance at a time: the resume pollers and the message-log archiver. Their
 * routes carry the route policy {@code singletonWork} (Camel's clustered route policy): on every instance they
 * are built, but only the elected leader starts them, and when the leader dies or stops, another instance is
 * elected and starts them. The election is Camel's cluster service ({@link ClusterSettings}), so no coordination
 * of the hub's own. The claims the pollers make in the database stay, so a moment with two leaders (a paused
 * leader whose lease ran out) still does each step once.
 */
@Configuration
@EnableConfigurationProperties(ClusterSettings.class)
public class SingletonWorkConfiguration {

    /** The election the singleton routes share; the lock file's or Lease's name. */
    public static final String NAMESPACE = "qazeta-hub-singletons";

    /** Registered with the CamelContext by Camel's Spring Boot start-up, which adds every cluster service bean. */
    @Bean
    CamelClusterService clusterService(ClusterSettings settings) {
        return switch (settings.service()) {
            case FILE -> {
                FileLockClusterService file = new FileLockClusterService();
                file.setId("file");
                file.setRoot(settings.fileRoot());
                file.setAcquireLockDelay(settings.acquireLockInterval().toMillis(), TimeUnit.MILLISECONDS);
                file.setAcquireLockInterval(settings.acquireLockInterval().toMillis(), TimeUnit.MILLISECONDS);
                yield file;
            }
            case KUBERNETES -> {
                ClusterSettings.Kubernetes lease = settings.kubernetes();
                KubernetesClusterService kubernetes = new KubernetesClusterService();
                kubernetes.setId("kubernetes");
                kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
                kubernetes.setKubernetesNamespace(lease.namespace());
                kubernetes.setPodName(lease.podName());
                kubernetes.setKubernetesResourceName(lease.leaseName());
                kubernetes.setClusterLabels(Map.of("app", "qazeta-hub"));
                kubernetes.setLeaseDurationMillis(lease.leaseDuration().toMillis());
                // renew at two thirds of the lease and retry at a third, as the service's defaults (15 s, 10 s, 5 s) do
                kubernetes.setRenewDeadlineMillis(lease.leaseDuration().toMillis() * 2 / 3);
                kubernetes.setRetryPeriodMillis(lease.leaseDuration().toMillis() / 3);
                yield kubernetes;
            }
        };
    }

    /** The route policy the singleton routes name ({@code routePolicy: singletonWork}). */
    @Bean
    ClusteredRoutePolicy singletonWork(CamelClusterService clusterService) throws Exception {
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(clusterService, NAMESPACE);
        // the election itself waits (acquire-lock-interval, the Lease); the policy adds no delay of its own
        policy.setInitialDelay(Duration.ZERO);
        return policy;
    }

    /**
     * Whether this instance runs the singleton work, and the state of each singleton route here: in the health
     * details ({@code /actuator/health/singletonWork}) and as the gauge {@code hub.cluster.leader}.
     */
    @Bean
    HealthIndicator singletonWorkHealthIndicator(ClusteredRoutePolicy singletonWork, ClusterSettings settings,
                                                 CamelContext camel, MeterRegistry meters) {
        Gauge.builder("hub.cluster.leader", singletonWork, policy -> policy.isLeader() ? 1 : 0)
                .description("1 on the instance that runs the singleton work (pollers, message-log archiver)")
                .register(meters);
        return () -> {
            Map<String, String> routes = new TreeMap<>();
            camel.getRoutes().stream().filter(route -> route.getRoutePolicyList().contains(singletonWork))
                    .forEach(route -> routes.put(route.getRouteId(),
                            String.valueOf(camel.getRouteController().getRouteStatus(route.getRouteId()))));
            return Health.up().withDetail("leader", singletonWork.isLeader())
                    .withDetail("service", settings.service().name().toLowerCase())
                    .withDetail("namespace", NAMESPACE).withDetail("routes", routes).build();
        };
    }
}
