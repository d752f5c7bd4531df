package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import kz.qazeta.hub.exchange.messagelog.PersonalDataMask;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory.LogMode;
import kz.qazeta.hub.exchange.partners.PartnersAdded;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * The services the hub serves from folders, {@code routes/<service>/} with a {@code service.yaml} (see
 * {@link ServiceFolder}). At start-up each folder's service is added to the exchange (its paths, contract, callers,
 * the partners it calls, its masked fields), its settings become {@code qazeta.service.<id>.*}, its texts are read,
 * its tables migrated (Flyway, a history table of its own) and its route files loaded after the hub's. With route
 * reload on (the dev profile) the folders are looked at every second: a new folder is taken up whole, a changed
 * service.yaml read again, a new or changed route file loaded through the start-up check (a file that fails it is
 * not loaded, its routes run on as they were and the log says file:line).
 */
public class ServiceFolders implements CamelContextConfiguration, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceFolders.class);

    private final Path routes;
    private final ConfigurableEnvironment environment;
    private final ExchangeDirectory directory;
    private final PersonalDataMask mask;
    private final ServiceTexts texts;
    private final ObjectProvider<DataSource> dataSource;
    private final Map<String, Object> properties = new ConcurrentHashMap<>();
    private final Map<String, ServiceFolder> served = new ConcurrentSkipListMap<>();
    /** the services and partners the hub's configuration defines: no folder may take them over */
    private final Set<String> configuredServices;
    private final Set<String> configuredPartners;
    /** the partners the configuration grants each service: a card read again takes back only the grants it gave */
    private final Map<String, Set<String>> configuredGrants;
    /** which folder brought each service and partner: only that one may change it when it is read again */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** each file's last modification seen (service.yaml and route files), so a poll acts on what changed */
    private final Map<Path, FileTime> seen = new HashMap<>();
    private final boolean watch;
    private final ApplicationEventPublisher events;
    private ScheduledExecutorService watcher;
    private CamelContext camel;

    public ServiceFolders(Path routes, boolean watch, ConfigurableEnvironment environment, ExchangeDirectory directory,
                          PersonalDataMask mask, ServiceTexts texts, ObjectProvider<DataSource> dataSource,
                          ObjectProvider<FlywayMigrationInitializer> hubMigrations, ApplicationEventPublisher events) {
        this.routes = routes;
        this.watch = watch;
        this.events = events;
        this.environment = environment;
        this.directory = directory;
        this.mask = mask;
        this.texts = texts;
        this.dataSource = dataSource;
        // the hub's own tables first: a service's migration may refer to them
        hubMigrations.getIfAvailable();
        environment.getPropertySources().addLast(new MapPropertySource("service folders", properties));
        // a service entry of the configuration that only sets what a card's service keeps (its message-log) is not one
        this.configuredServices = directory.services().entrySet().stream()
                .filter(e -> !e.getValue().paths().isEmpty()).map(Map.Entry::getKey).collect(Collectors.toSet());
        this.configuredPartners = Set.copyOf(directory.partners().keySet());
        this.configuredGrants = directory.partners().entrySet().stream()
                .flatMap(p -> p.getValue().services().stream().map(service -> Map.entry(service, p.getKey())))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
        List<RouteFileCheck.Finding> refused = new ArrayList<>();
        for (Path folder : folders()) {
            try {
                take(ServiceFolder.read(folder));
            } catch (ServiceFolder.Finding finding) {
                refused.add(finding.finding());
            }
            seen.put(folder.resolve(ServiceFolder.CARD), modified(folder.resolve(ServiceFolder.CARD)));
        }
        if (!refused.isEmpty()) {
            // the files (or the environment they name) must change: the start-up's exit status says so
            throw new BrokenRouteFiles(refused);
        }
    }

    /**
     * What is wrong with the service.yaml of each service folder below {@code routes}, as file:line: what; its
     * partners' addresses resolved in {@code environment} (a partner with no URL where this profile has no twins).
     */
    public static List<RouteFileCheck.Finding> check(Path routes, Environment environment) {
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        for (Path folder : folders(routes)) {
            try {
                ServiceFolder service = ServiceFolder.read(folder);
                service.card().partners().forEach((name, partner) -> address(service, name, partner, environment));
            } catch (ServiceFolder.Finding finding) {
                findings.add(finding.finding());
            }
        }
        return findings;
    }

    /** Where a card's partner is reached in this environment, or a finding at its url's line. */
    private static String address(ServiceFolder service, String name, ServiceFolder.PartnerBlock partner, Environment environment) {
        Path file = service.folder().resolve(ServiceFolder.CARD);
        try {
            return partner.address(environment::resolveRequiredPlaceholders, environment.getProperty("qazeta.sandbox.partners-url"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServiceFolder.Finding(file, ServiceFolder.lineOf(file, "partners." + name + ".url"),
                    "partners." + name + ".url: " + e.getMessage());
        }
    }

    /** The services read from folders, by id. */
    public Map<String, ServiceFolder> served() {
        return Map.copyOf(served);
    }

    /**
     * An OpenAPI contract file published by a service folder ({@code /api/v1/openapi/<file>}), if one has it; the
     * partners' contracts beside it (a SOAP insurer's WSDL) are the folder's own, not published.
     */
    public Optional<Path> contract(String file) {
        if (!file.endsWith(".yaml") && !file.endsWith(".json")) {
            return Optional.empty();
        }
        return served.values().stream().map(s -> s.folder().resolve("contract").resolve(file).normalize())
                .filter(p -> p.getParent().getFileName().toString().equals("contract") && Files.isRegularFile(p))
                .findFirst();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        // after the hub's own route files (and the templates), which Camel has read by now
        List<Resource> files = new ArrayList<>();
        for (ServiceFolder service : served.values()) {
            for (Path file : routeFiles(service.folder())) {
                files.add(PluginHelper.getResourceLoader(camelContext).resolveResource("file:" + file.toAbsolutePath()));
                seen.put(file, modified(file));
            }
        }
        try {
            PluginHelper.getRoutesLoader(camelContext).loadRoutes(files);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the route files of the service folders: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (watch) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "service-folders");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(() -> {
                try {
                    look();
                } catch (Throwable e) {
                    // whatever it was, the next look still comes (a task that throws is not run again)
                    LOG.error("Looking at the service folders failed", e);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /**
     * Looks at the folders once (route reload on): a new or changed service.yaml is taken up, then the new or changed
     * route files of the services are handed to the checked reload. What fails is logged and left as it was.
     */
    public synchronized void look() {
        CheckedRouteReload reload = camel == null ? null : camel.hasService(CheckedRouteReload.class);
        for (Path folder : folders()) {
            Path card = folder.resolve(ServiceFolder.CARD);
            FileTime now = modified(card);
            if (!now.equals(seen.get(card))) {
                seen.put(card, now);
                try {
                    take(ServiceFolder.read(folder));
                    LOG.info("Service folder {} taken up", folder);
                } catch (RuntimeException refused) {
                    LOG.error("Service folder not taken up, what ran before runs on:\n  {}", refused.getMessage());
                    continue;
                }
            }
            if (!served.containsKey(folder.getFileName().toString()) || reload == null) {
                continue;
            }
            List<Path> added = new ArrayList<>();
            List<Path> changed = new ArrayList<>();
            for (Path file : routeFiles(folder)) {
                FileTime modified = modified(file);
                FileTime before = seen.put(file, modified);
                if (before == null) {
                    added.add(file);
                } else if (!modified.equals(before)) {
                    changed.add(file);
                }
            }
            if (!added.isEmpty() || !changed.isEmpty()) {
                reload.reload(added, changed);
            }
        }
    }

    private void take(ServiceFolder service) {
        ServiceFolder.Card card = service.card();
        Path file = service.folder().resolve(ServiceFolder.CARD);
        Map<String, ServiceFolder.ServiceBlock> services = card.services(service.id());
        services.keySet().forEach(id -> {
            String at = id.equals(service.id()) ? "title" : "also-serves." + id;
            if (configuredServices.contains(id)) {
                throw new ServiceFolder.Finding(file, ServiceFolder.lineOf(file, at), at + ": the service " + id
                        + " is defined by the hub's configuration (qazeta.exchange.services): a folder may not take it over");
            }
            refuseIfAnothers(file, at, "service " + id, id, service.id());
        });
        Map<String, String> addresses = new HashMap<>();
        Map<String, ExchangeDirectory.Partner> called = new HashMap<>();
        card.partners().forEach((name, partner) -> {
            String at = "partners." + name;
            if (configuredPartners.contains(name)) {
                throw new ServiceFolder.Finding(file, ServiceFolder.lineOf(file, at), at + ": a partner of the hub's"
                        + " configuration (qazeta.exchange.partners): a folder may not redefine it");
            }
            refuseIfAnothers(file, at, "partner " + name, "partner:" + name, service.id());
            String address = address(service, name, partner, environment);
            addresses.put(name, address);
            List<String> endpoints;
            try {
                endpoints = partner.endpoints().isEmpty() ? List.of(address)
                        : partner.endpoints().stream().map(environment::resolveRequiredPlaceholders).toList();
            } catch (IllegalArgumentException e) {
                throw new ServiceFolder.Finding(file, ServiceFolder.lineOf(file, at + ".endpoints"),
                        at + ".endpoints: " + e.getMessage());
            }
            called.put(name, new ExchangeDirectory.Partner(partner.name(), null, List.of(), endpoints, 0, null, null, List.of()));
        });
        services.forEach((id, block) -> block.callers().forEach(caller -> {
            if (!directory.partners().containsKey(caller)) {
                String at = id.equals(service.id()) ? "callers" : "also-serves." + id + ".callers";
                throw new ServiceFolder.Finding(file, ServiceFolder.lineOf(file, at), at + ": " + caller + " is no partner of the hub");
            }
        }));
        // read again: what it served before is taken back first, so a caller it no longer names loses the grant
        ServiceFolder before = served.get(service.id());
        if (before != null) {
            before.card().services(before.id()).keySet().forEach(id -> {
                directory.withdrawService(id, configuredGrants.getOrDefault(id, Set.of()));
                owners.remove(id);
            });
        }
        try {
            services.forEach((id, block) -> directory.addService(id, new ExchangeDirectory.Service(block.title(),
                    block.paths(), block.contract() == null ? null : "/api/v1/openapi/" + block.contract(),
                    // the hub's configuration comes first (an operator's, or the benchmark's, message-log for it)
                    environment.getProperty("qazeta.exchange.services." + id + ".message-log", LogMode.class,
                            block.messageLog())), block.callers(), called));
        } catch (IllegalArgumentException e) {
            throw new ServiceFolder.Finding(file, 0, e.getMessage());
        }
        services.keySet().forEach(id -> owners.put(id, service.id()));
        card.partners().keySet().forEach(name -> owners.put("partner:" + name, service.id()));
        properties.putAll(service.properties(
                Duration.ofMillis(environment.getProperty("qazeta.partners.default.connect-timeout-ms", Long.class, 2000L)),
                Duration.ofMillis(environment.getProperty("qazeta.partners.default.response-timeout-ms", Long.class, 5000L)),
                addresses));
        mask.mask(service.id(), card.maskedFields());
        texts.add(service.id(), service.folder());
        migrate(service);
        served.put(service.id(), service);
        if (camel != null && !called.isEmpty()) {
            events.publishEvent(new PartnersAdded(called.keySet()));
        }
    }

    private void refuseIfAnothers(Path file, String at, String what, String key, String folder) {
        String owner = owners.get(key);
        if (owner != null && !owner.equals(folder)) {
            throw new ServiceFolder.Finding(file, ServiceFolder.lineOf(file, at), at + ": the " + what
                    + " is brought by routes/" + owner + " already");
        }
    }

    /** The service's own tables: Flyway on its migrations/, with a history table of its own. */
    private void migrate(ServiceFolder service) {
        Path migrations = service.folder().resolve("migrations");
        DataSource database = dataSource.getIfAvailable();
        if (!Files.isDirectory(migrations) || database == null) {
            return;
        }
        Flyway.configure().dataSource(database)
                .locations("filesystem:" + migrations.toAbsolutePath())
                .table("flyway_history_" + service.id().replace('-', '_'))
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
    }

    private List<Path> folders() {
        return folders(routes);
    }

    private static List<Path> folders(Path routes) {
        if (!Files.isDirectory(routes)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(routes)) {
            return all.filter(Files::isDirectory).filter(ServiceFolder::isService).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + routes, e);
        }
    }

    private static List<Path> routeFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }
}
