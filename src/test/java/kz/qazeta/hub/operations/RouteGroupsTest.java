package kz.qazeta.hub.operations;

import java.util.Set;

import kz.qazeta.hub.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator reads in the console's route tree: every route under the group of its service (the templated
 * ones too, never a placeholder) and with a description that says what it does.
 */
class RouteGroupsTest extends HubTestSupport {

    private static final Set<String> GROUPS = Set.of("evisa", "eta", "eresidency", "border-certificate", "imei",
            "insurance", "exchange");

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteIsInItsServicesGroupTheTemplatedOnesToo() {
        assertThat(camel.getRoute("insurance-buy-policy-endpoint").getGroup()).isEqualTo("insurance");
        for (Route route : camel.getRoutes()) {
            if (route.isCreatedByRestDsl()) {
                continue; // the REST DSL's routes have no group in Camel (one per contract operation)
            }
            assertThat(route.getGroup()).as("the group of %s", route.getRouteId()).isIn(GROUPS);
            assertThat(route.getDescription()).as("the description of %s", route.getRouteId()).isNotBlank();
        }
    }
}
