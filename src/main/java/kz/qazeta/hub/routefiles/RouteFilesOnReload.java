package kz.qazeta.hub.routefiles;

import java.nio.file.Path;

import kz.qazeta.hub.mappings.MappingFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where route files are reloaded (camel.main.routes-reload-enabled, the dev profile), puts the start-up check in
 * front of Camel's reload: the reload Camel made from the settings is replaced by a {@link CheckedRouteReload}
 * with the same settings, before Camel starts it.
 */
@Component
public class RouteFilesOnReload implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFilesOnReload.class);

    private final Path routes;
    private final MappingFiles mappings;
    private final Environment environment;
    private RouteWatcherReloadStrategy replaced;

    public RouteFilesOnReload(@Value("${qazeta.home}") String home, @Value("${qazeta.mappings}") String mappings,
                              Environment environment) {
        this.routes = Path.of(home, "routes");
        this.mappings = new MappingFiles(routes, mappings);
        this.environment = environment;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        RouteWatcherReloadStrategy camels = camelContext.hasService(RouteWatcherReloadStrategy.class);
        if (camels == null || camels instanceof CheckedRouteReload) {
            return;
        }
        try {
            camelContext.removeService(camels);
            camelContext.addService(new CheckedRouteReload(camels, routes, new RouteFileCheck(mappings, environment::getProperty)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot put the route file check in front of Camel's route reload", e);
        }
        replaced = camels;
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // Camel starts the reload it made even once removed from its services (it was listed for starting before):
        // stopped here, once started, or it would reload every saved file unchecked beside the checked one
        if (replaced != null) {
            replaced.stop();
            LOG.debug("Camel's unchecked route reload stopped; the checked one watches {}", routes);
        }
    }
}
