package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reload (camel.main.routes-reload-*, the dev profile) with the start-up check in front
 * ({@link RouteFileCheck}, and {@link TemplateSheets} for a file that declares templates): an edited route file with
 * findings is not loaded, its routes run on as they were and the log says {@code file:line: what};
 * a file that passes is loaded as Camel does, and its templated routes are made again from it (Camel's reload
 * passes over {@code templatedRoute}, so an edited one used to keep its old parameters until a restart).
 */
public class CheckedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRouteReload.class);

    private final Path routes;
    private final RouteFileCheck check;

    /** Takes over the settings of the reload Camel made from camel.main.routes-reload-*. */
    public CheckedRouteReload(RouteWatcherReloadStrategy camels, Path routes, RouteFileCheck check) {
        super(camels.getFolder(), camels.isRecursive());
        setPattern(camels.getPattern());
        setRemoveAllRoutes(camels.isRemoveAllRoutes());
        this.routes = routes;
        this.check = check;
    }

    /**
     * Loads route files of a service folder through the check: {@code added} ones (never loaded before: their routes,
     * templated ones among them, are added as at start-up) and {@code changed} ones (reloaded as a save in the watched
     * folder is). A file with findings is not loaded; the log says file:line.
     */
    public void reload(List<Path> added, List<Path> changed) {
        if (!added.isEmpty()) {
            Map<String, RouteFileCheck.RouteTemplate> templates = check.templates(routes);
            List<RouteFileCheck.Finding> findings = new ArrayList<>();
            List<Resource> read = new ArrayList<>();
            for (Path file : added) {
                try {
                    String text = Files.readString(file);
                    findings.addAll(check.check(file, text, templates));
                    findings.addAll(TemplateSheets.check(file, text));
                    read.add(ResourceHelper.fromString("file:" + file.toAbsolutePath(), text));
                } catch (IOException e) {
                    findings.add(new RouteFileCheck.Finding(file, 0, "cannot be read: " + e.getMessage()));
                }
            }
            if (!findings.isEmpty()) {
                LOG.error("Route file not loaded:\n{}", findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
            } else {
                try {
                    load(read);
                    LOG.info("Route files loaded: {}", added);
                } catch (Exception e) {
                    LOG.error("Route files {} not loaded: {}", added, e.getMessage(), e);
                }
            }
        }
        if (!changed.isEmpty()) {
            List<Resource> resources = new ArrayList<>();
            for (Path file : changed) {
                resources.add(PluginHelper.getResourceLoader(getCamelContext()).resolveResource("file:" + file.toAbsolutePath()));
            }
            onRouteReload(resources, false);
        }
    }

    /**
     * Adds the routes of new files to the running context, templated routes first: Camel's own loading adds them last,
     * and a contract-first REST route started before them fails on the operations it finds no route for.
     */
    private void load(List<Resource> files) throws Exception {
        CamelContext camel = getCamelContext();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(files)) {
            if (builder instanceof RouteBuilder file) {
                file.configureRoutes(camel);
                camel.addTemplatedRoutes(file);
            }
            camel.addRoutes(builder);
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        Collection<Resource> edited = resources == null ? List.of() : resources;
        Map<String, RouteFileCheck.RouteTemplate> templates = check.templates(routes);
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        // each file read once: the text checked is the text loaded (an editor's save may be seen half written,
        // and a second read could load what the check never saw)
        List<Resource> read = new ArrayList<>();
        for (Resource resource : edited) {
            Path file = file(resource);
            if (file == null || !Files.exists(file)) {
                read.add(resource);
                continue;
            }
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                findings.add(new RouteFileCheck.Finding(file, 0, "cannot be read: " + e.getMessage()));
                continue;
            }
            if (text.isBlank()) {
                findings.add(new RouteFileCheck.Finding(file, 0, "is empty (to remove its routes, delete the file)"));
                continue;
            }
            findings.addAll(check.check(file, text, templates));
            findings.addAll(TemplateSheets.check(file, text));
            read.add(ResourceHelper.fromString(resource.getLocation(), text));
        }
        if (!findings.isEmpty()) {
            LOG.error("Route file not reloaded, its routes run on as they were:\n{}",
                    findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
            return;
        }
        super.onRouteReload(resources == null ? null : read, removeEverything);
        for (Resource resource : read) {
            renewTemplatedRoutes(resource);
        }
    }

    private void renewTemplatedRoutes(Resource resource) {
        CamelContext camel = getCamelContext();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource))) {
                if (!(builder instanceof RouteBuilder file)) {
                    continue;
                }
                file.configureRoutes(camel);
                List<RouteDefinition> previous = new ArrayList<>();
                for (TemplatedRouteDefinition templated : file.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    String id = templated.getRouteId();
                    if (id != null && model.getRouteDefinition(id) != null) {
                        previous.add(model.getRouteDefinition(id));
                        camel.getRouteController().stopRoute(id);
                        camel.removeRoute(id);
                    }
                }
                try {
                    camel.addTemplatedRoutes(file);
                    LOG.info("Templated routes made again from {}: {}", resource.getLocation(),
                            file.getTemplatedRouteCollection().getTemplatedRoutes().stream()
                                    .map(TemplatedRouteDefinition::getRouteId).toList());
                } catch (Exception refused) {
                    // what ran before is better than nothing
                    for (RouteDefinition route : previous) {
                        if (camel.getRoute(route.getRouteId()) == null) {
                            model.addRouteDefinition(route);
                        }
                    }
                    throw refused;
                }
            }
        } catch (Exception e) {
            LOG.error("Templated routes of {} not made again, those that ran before run on: {}",
                    resource.getLocation(), e.getMessage(), e);
        }
    }

    private static Path file(Resource resource) {
        try {
            return Path.of(resource.getURI());
        } catch (RuntimeException notAFile) {
            return null;
        }
    }
}
