package kz.qazeta.hub.exchange;

import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * Puts every route made from a template into the group of its service (the template's {@code service} parameter), so
 * the console lists it under {@code evisa} or {@code insurance} like the routes written out by hand. A template
 * cannot say {@code group: "{{service}}"}: Camel keeps a route's group as written, and Hawtio showed the placeholder.
 * Camel calls this for every route definition it is given (found in the registry by camel-main).
 */
@Component
public class TemplatedRouteGroups extends ModelLifecycleStrategySupport {

    static final String SERVICE = "service";

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (route.isCreatedFromTemplate() && route.getTemplateParameters() != null
                && route.getTemplateParameters().get(SERVICE) instanceof String service && !service.isBlank()) {
            route.setGroup(service);
        }
    }
}
