package kz.qazeta.hub.routefiles;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the hub on a broken route file: before Camel loads {@code routes/} (and its templates), every
 * file is checked by {@link RouteFileCheck}, and the start-up stops with each finding as {@code file:line: what}.
 */
@Component
public class RouteFilesAtStartup implements CamelContextConfiguration {

    private final Path routes;
    private final Path mappings;
    private final Environment environment;

    public RouteFilesAtStartup(@Value("${qazeta.home}") String home, @Value("${qazeta.mappings}") String mappings,
                               Environment environment) {
        this.routes = Path.of(home, "routes");
        this.mappings = Path.of(mappings.replaceFirst("^file:", ""));
        this.environment = environment;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        List<RouteFileCheck.Finding> findings = new RouteFileCheck(mappings, environment::getProperty).checkAll(routes);
        if (!findings.isEmpty()) {
            throw new IllegalStateException("The hub will not start on broken route files:\n"
                    + findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}
