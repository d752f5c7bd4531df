package kz.qazeta.hub.operations;

import java.util.List;

import kz.qazeta.hub.exchange.HubProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.NonManagedService;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.stereotype.Component;

/**
 * A refusal is an answer, not a failure: Camel's per-route metrics ({@code camel_exchanges_failed_total}) count an
 * exchange that ends in a {@link HubProblem} below 500 (a 400 naming a bad field, a 404, a 422 rule) as succeeded in
 * the routes it passed, as the front door's own route already does (its error policy answers the problem). Without
 * this, a service's inner route (routeConfiguration service-step, which hands the refusal back to the front door)
 * counted every refusal as a failed exchange. Done by wrapping the route policies of Camel's Micrometer factory.
 */
@Component
public class RefusalsInRouteMetrics implements CamelContextConfiguration {

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        List<RoutePolicyFactory> factories = camelContext.getRoutePolicyFactories();
        for (int i = 0; i < factories.size(); i++) {
            if (factories.get(i) instanceof MicrometerRoutePolicyFactory micrometer) {
                factories.set(i, (context, routeId, route) -> wrap(micrometer.createRoutePolicy(context, routeId, route)));
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    private static RoutePolicy wrap(RoutePolicy policy) {
        return policy == null ? null : new RefusalsAnswered(policy);
    }

    /** Whether the exchange ended in a refusal: a problem the hub answers with a 4xx. */
    static boolean refused(Exchange exchange) {
        for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
            if (t instanceof HubProblem problem) {
                return problem.status() < 500;
            }
        }
        return false;
    }

    /** The Micrometer policy, told of a refused exchange as of one that ended well. */
    private static final class RefusalsAnswered extends ServiceSupport implements RoutePolicy, NonManagedService {

        private final RoutePolicy delegate;

        RefusalsAnswered(RoutePolicy delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            if (!refused(exchange)) {
                delegate.onExchangeDone(route, exchange);
                return;
            }
            Exception refusal = exchange.getException();
            exchange.setException(null);
            try {
                delegate.onExchangeDone(route, exchange);
            } finally {
                exchange.setException(refusal);
            }
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            delegate.onExchangeBegin(route, exchange);
        }

        @Override
        public void onInit(Route route) {
            delegate.onInit(route);
        }

        @Override
        public void onRemove(Route route) {
            delegate.onRemove(route);
        }

        @Override
        public void onStart(Route route) {
            delegate.onStart(route);
        }

        @Override
        public void onStop(Route route) {
            delegate.onStop(route);
        }

        @Override
        public void onSuspend(Route route) {
            delegate.onSuspend(route);
        }

        @Override
        public void onResume(Route route) {
            delegate.onResume(route);
        }

        @Override
        protected void doStart() {
            ServiceHelper.startService(delegate);
        }

        @Override
        protected void doStop() {
            ServiceHelper.stopService(delegate);
        }
    }
}
