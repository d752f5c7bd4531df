package kz.qazeta.hub.routefiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import kz.qazeta.hub.mappings.MappingFiles;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the hub on a broken route file: every file in {@code routes/} (its templates, its service folders'
 * route files and service.yaml cards) is checked by {@link RouteFileCheck}, {@link ServiceFolder} and
 * {@link TemplateSheets} (each template against its parameter sheet) as soon as the configuration is read, before any
 * bean is made, so the start-up stops within seconds (not after the broker, the database and the web server are up)
 * with each finding as {@code file:line: what}.
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
        MappingFiles mappings = new MappingFiles(routes, environment.getRequiredProperty("qazeta.mappings"));
        List<RouteFileCheck.Finding> findings = new ArrayList<>(ServiceFolders.check(routes, environment));
        findings.addAll(new RouteFileCheck(mappings, environment::getProperty).checkAll(routes));
        findings.addAll(TemplateSheets.check(routes));
        if (!findings.isEmpty()) {
            throw new BrokenRouteFiles(findings);
        }
    }
}
