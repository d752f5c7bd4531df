package kz.qazeta.hub.routefiles;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the hub on a broken route file: every file in {@code routes/} (and its templates) is checked by
 * {@link RouteFileCheck} as soon as the configuration is read, before any bean is made, so the start-up stops within
 * seconds (not after the broker, the database and the web server are up) with each finding as {@code file:line: what}.
 */
@Component
public class RouteFilesAtStartup implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Path routes = Path.of(environment.getRequiredProperty("qazeta.home"), "routes");
        Path mappings = Path.of(environment.getRequiredProperty("qazeta.mappings").replaceFirst("^file:", ""));
        List<RouteFileCheck.Finding> findings = new RouteFileCheck(mappings, environment::getProperty).checkAll(routes);
        if (!findings.isEmpty()) {
            throw new BrokenRouteFiles(findings);
        }
    }
}
