package kz.qazeta.hub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * What the hub's own configuration files (src/main/resources/application*.yaml, and routes/<service>/service.yaml)
 * say it reads from its environment:
 * the {@code ${NAME}} placeholders, and the properties it defines, which an environment variable reaches through
 * Spring Boot's relaxed binding. Used to check a deployment's variables against the application.
 */
final class HubConfiguration {

    /** An environment-style placeholder, {@code ${NAME}} or {@code ${NAME:default}} (not {@code ${qazeta.home}}). */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    /** Spring properties the hub relies on without naming them in its files. */
    static final List<String> SPRING_PROPERTIES_SET_BY_DEPLOYMENTS = List.of(
            "spring.profiles.active", "spring.artemis.broker-url");

    /** The election of the singleton work (kz.qazeta.hub.cluster, qazeta.cluster.*), set per deployment. */
    static final List<String> CLUSTER_PROPERTIES = List.of(
            "qazeta.cluster.service", "qazeta.cluster.file-root", "qazeta.cluster.kubernetes.namespace",
            "qazeta.cluster.kubernetes.pod-name", "qazeta.cluster.kubernetes.lease-name");

    private final Map<String, String> texts;
    private final Map<String, Object> base;
    private final Map<String, Object> production;
    private final Set<String> properties = new TreeSet<>();
    private final Set<String> placeholders = new TreeSet<>();

    private HubConfiguration(Map<String, String> texts) {
        this.texts = texts;
        this.base = flatten(texts.get("application.yaml"));
        this.production = flatten(texts.get("application-production.yaml"));
        properties.addAll(base.keySet());
        properties.addAll(production.keySet());
        properties.addAll(SPRING_PROPERTIES_SET_BY_DEPLOYMENTS);
        properties.addAll(CLUSTER_PROPERTIES);
        texts.values().forEach(text -> placeholders.addAll(envPlaceholders(text).keySet()));
    }

    static HubConfiguration read(Path resources) {
        Map<String, String> texts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).sorted().toList()) {
                texts.put(file.getFileName().toString(), Files.readString(file));
            }
            // the service folders' cards: their partners' URLs come from the environment too
            try (Stream<Path> folders = Files.list(Path.of("routes"))) {
                for (Path card : folders.map(f -> f.resolve("service.yaml")).filter(Files::isRegularFile).sorted().toList()) {
                    texts.put(card.toString(), Files.readString(card));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HubConfiguration(texts);
    }

    /** Every environment variable named in a placeholder of any profile's file. */
    Set<String> placeholders() {
        return Set.copyOf(placeholders);
    }

    /** The variables the production profile cannot start without: its placeholders that have no default. */
    Set<String> requiredByProduction() {
        Set<String> names = new TreeSet<>();
        envPlaceholders(texts.get("application-production.yaml")).forEach((name, hasDefault) -> {
            if (!hasDefault) {
                names.add(name);
            }
        });
        // a service card's partner is reached at its twin where its URL is not given; production has no twins
        texts.forEach((file, text) -> {
            if (file.endsWith("service.yaml")) {
                names.addAll(envPlaceholders(text).keySet());
            }
        });
        return names;
    }

    /** A property's value under the production profile: its file first, then application.yaml. */
    Optional<Object> productionValue(String property) {
        return Optional.ofNullable(production.getOrDefault(property, base.get(property)));
    }

    /**
     * Whether the hub reads this environment variable: a placeholder names it, or Spring Boot's relaxed binding
     * takes it to a property the hub defines (upper case, {@code _} for {@code .}, {@code -} dropped or {@code _}).
     * A {@code SPRING_*} name counts only for the Spring properties the hub's files set, or the short list above.
     */
    boolean reads(String environmentVariable) {
        return placeholders.contains(environmentVariable) || bindsToAProperty(environmentVariable);
    }

    /** Asks Spring Boot's own binder, as it reads the process environment, whether the variable reaches a property. */
    private boolean bindsToAProperty(String environmentVariable) {
        var environment = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.<String, Object>of(environmentVariable, "set"));
        Binder binder = new Binder(ConfigurationPropertySources.from(environment));
        return properties.stream().map(p -> ConfigurationPropertyName.adapt(p, '.'))
                .anyMatch(name -> binder.bind(name, Bindable.of(String.class)).isBound());
    }

    /** Placeholder names in a file's text, each with whether it has a default. */
    private static Map<String, Boolean> envPlaceholders(String text) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        Matcher matcher = ENV_PLACEHOLDER.matcher(text == null ? "" : text);
        while (matcher.find()) {
            names.merge(matcher.group(1), matcher.group(2) != null, Boolean::logicalAnd);
        }
        return names;
    }

    /** A YAML file's leaves as dotted property names (a list is one property, as a comma-separated variable sets it). */
    private static Map<String, Object> flatten(String yaml) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (yaml != null) {
            flatten("", new Yaml().load(yaml), flat);
        }
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, flat));
        } else {
            flat.put(prefix, node);
        }
    }
}
