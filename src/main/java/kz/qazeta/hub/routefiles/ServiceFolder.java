package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory.LogMode;
import org.springframework.boot.convert.DurationStyle;

/**
 * A service as a folder of files, {@code routes/<service>/}: its {@code service.yaml} (what is read here), its route
 * files ({@code *.camel.yaml}), its contracts ({@code contract/}), its mappings ({@code mappings/}), its refusal texts
 * ({@code texts/problems*.properties}, kk/ru/en) and its tables ({@code migrations/}). All of it is read from the
 * file system: a new service needs no rebuild.
 *
 * @param id     the folder's name: the service's id
 * @param folder where it is
 * @param card   what its service.yaml says
 */
public record ServiceFolder(String id, Path folder, Card card) {

    /** The file a folder is a service by. */
    public static final String CARD = "service.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * A service's service.yaml.
     *
     * @param title        what a partner reads in the service list
     * @param paths        the path prefixes under which the hub serves it (each under /api/)
     * @param contract     its OpenAPI contract, a file in contract/, published at /api/v1/openapi/&lt;file&gt;
     * @param messageLog   what the message log keeps of its messages (FULL by default)
     * @param callers      the partners the card grants the service (a partner's own {@code services} may too)
     * @param maskedFields the personal-data fields of its messages the message log masks, beside the hub's own
     * @param partners     the partners it calls, by id
     * @param settings     its own settings, read by its routes as {{qazeta.service.&lt;id&gt;.&lt;name&gt;}}
     * @param alsoServes   the other services its routes serve, by id, each with its own paths, contract and callers
     *                     (the ETA's issuing authority revokes the ETAs the front door applied for)
     */
    public record Card(String title, List<String> paths, String contract, LogMode messageLog, List<String> callers,
                       List<String> maskedFields, Map<String, PartnerBlock> partners, Map<String, Object> settings,
                       Map<String, ServiceBlock> alsoServes) {

        public Card {
            paths = paths == null ? List.of() : List.copyOf(paths);
            messageLog = messageLog == null ? LogMode.FULL : messageLog;
            callers = callers == null ? List.of() : List.copyOf(callers);
            maskedFields = maskedFields == null ? List.of() : List.copyOf(maskedFields);
            // in the card's order: what is found wrong is named in it
            partners = partners == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(partners));
            settings = settings == null ? Map.of() : Map.copyOf(settings);
            alsoServes = alsoServes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(alsoServes));
        }

        /** The services the folder serves, its own first, by id. */
        public Map<String, ServiceBlock> services(String id) {
            Map<String, ServiceBlock> all = new LinkedHashMap<>();
            all.put(id, new ServiceBlock(title, paths, contract, messageLog, callers));
            all.putAll(alsoServes);
            return all;
        }
    }

    /** A service a folder serves: what partners read of it, where it is served, who may call it. */
    public record ServiceBlock(String title, List<String> paths, String contract, LogMode messageLog, List<String> callers) {

        public ServiceBlock {
            paths = paths == null ? List.of() : List.copyOf(paths);
            messageLog = messageLog == null ? LogMode.FULL : messageLog;
            callers = callers == null ? List.of() : List.copyOf(callers);
        }
    }

    /**
     * A partner the service calls, in one block: what operators read, how it is reached, its time-outs (the hub's
     * defaults, {@code qazeta.partners.default.*}, unless given; durations as 2s, 500ms or PT2S), its sandbox twin and
     * its health probe.
     *
     * @param name            what operators read
     * @param url             its base URL (the hub's hops to it are named by this prefix in the message log); where
     *                        it is empty, the twin's
     * @param twin            the path of its sandbox twin below the twins' base URL ({@code qazeta.sandbox.partners-url},
     *                        the hub itself by default, none in production): used where {@code url} is empty
     * @param connectTimeout  how long a connection may take
     * @param responseTimeout how long an answer may take
     * @param endpoints       the prefixes of the Camel endpoint URIs the hub calls it through, where they are not its
     *                        URL (a SOAP partner's {@code cxf://bean:<endpoint>}); its URL by default
     * @param probe           what the health probe adds to its URL ({@code ?wsdl} for a SOAP partner); a GET of the URL
     *                        itself by default
     */
    public record PartnerBlock(String name, String url, String twin, String connectTimeout, String responseTimeout,
                               List<String> endpoints, String probe) {

        public PartnerBlock {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
            probe = probe == null ? "" : probe;
        }

        /**
         * Where the partner is reached: its URL (placeholders resolved), or its twin's below the twins' base URL.
         *
         * @throws IllegalStateException when it has neither (production names every partner's URL)
         */
        public String address(UnaryOperator<String> resolve, String twinsUrl) {
            String given = url == null ? "" : withoutTrailingSlash(resolve.apply(url));
            if (!given.isEmpty()) {
                return given;
            }
            if (twin != null && twinsUrl != null && !twinsUrl.isBlank()) {
                return withoutTrailingSlash(twinsUrl) + twin;
            }
            throw new IllegalStateException((url == null ? "none is given" : url + " is empty") + ", and this profile has"
                    + " no sandbox twins (the production profile has none: set the partner's URL)");
        }

        /** The routes add their paths to it ({@code <url>/iins}): a URL given with a trailing slash would double it. */
        private static String withoutTrailingSlash(String url) {
            return url.strip().replaceAll("/+$", "");
        }
    }

    /** Reads {@code folder/service.yaml}; a problem is a {@link Finding} naming the file and line. */
    public static ServiceFolder read(Path folder) throws Finding {
        Path file = folder.resolve(CARD);
        Card card;
        try {
            card = YAML.readValue(Files.readString(file), Card.class);
        } catch (UnrecognizedPropertyException e) {
            // Jackson reads a record's keys before it complains, so its location is the end: the key's own line
            throw new Finding(file, lineOf(file, e.getPropertyName()), e.getPropertyName() + ": not a key of a service card ("
                    + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Finding(file, at == null ? 0 : at.getLineNr(), e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new Finding(file, 0, "cannot be read: " + e.getMessage());
        }
        if (card == null) {
            throw new Finding(file, 0, "is empty");
        }
        String id = folder.getFileName().toString();
        card.services(id).forEach((service, block) -> {
            String at = service.equals(id) ? "" : "also-serves." + service + ".";
            require(file, block.title() != null && !block.title().isBlank(), at + "title: required");
            require(file, !block.paths().isEmpty(), at + "paths: at least one path prefix under /api/ is required");
            for (String path : block.paths()) {
                require(file, path.startsWith("/api/") && !path.contains(".."), at + "paths: " + path + " is not under /api/");
            }
            require(file, block.contract() == null || Files.isRegularFile(folder.resolve("contract").resolve(block.contract())),
                    at + "contract: " + block.contract() + " is not in " + folder.resolve("contract"));
        });
        card.partners().forEach((name, partner) -> {
            require(file, partner.url() != null || partner.twin() != null, "partners." + name + ".url: required (or a twin)");
            require(file, partner.twin() == null || partner.twin().startsWith("/"),
                    "partners." + name + ".twin: " + partner.twin() + " is a path below the twins' URL, starting with /");
            duration(file, "partners." + name + ".connect-timeout", partner.connectTimeout());
            duration(file, "partners." + name + ".response-timeout", partner.responseTimeout());
        });
        return new ServiceFolder(id, folder, card);
    }

    /** Whether a folder is a service's (it has a service.yaml). */
    public static boolean isService(Path folder) {
        return Files.isRegularFile(folder.resolve(CARD));
    }

    /**
     * The configuration the service's routes read, {@code qazeta.service.<id>.*}: its folder, its settings, and each
     * partner's url and time-outs in milliseconds (the defaults given where its block names none); and each partner's
     * health probe, {@code qazeta.operations.health.partners.<partner>} (its URL and its {@code <partner>-breaker}).
     */
    public Map<String, Object> properties(Duration defaultConnect, Duration defaultResponse, Map<String, String> addresses) {
        Map<String, Object> properties = new LinkedHashMap<>();
        String prefix = "qazeta.service." + id + ".";
        properties.put(prefix + "folder", folder.toAbsolutePath().normalize().toString());
        flatten(prefix, card.settings(), properties);
        card.partners().forEach((name, partner) -> {
            String at = prefix + "partners." + name + ".";
            properties.put(at + "url", addresses.get(name));
            properties.put(at + "connect-timeout-ms", millis(partner.connectTimeout(), defaultConnect));
            properties.put(at + "response-timeout-ms", millis(partner.responseTimeout(), defaultResponse));
            String probe = "qazeta.operations.health.partners." + name + ".";
            properties.put(probe + "url", addresses.get(name) + partner.probe());
            properties.put(probe + "breaker", name + "-breaker");
        });
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> values, Map<String, Object> into) {
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + key + ".", (Map<String, Object>) nested, into);
            } else {
                into.put(prefix + key, value instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value));
            }
        });
    }

    private static long millis(String duration, Duration otherwise) {
        return duration == null ? otherwise.toMillis() : DurationStyle.detectAndParse(duration).toMillis();
    }

    private static void duration(Path file, String key, String value) {
        if (value != null) {
            try {
                DurationStyle.detectAndParse(value);
            } catch (IllegalArgumentException e) {
                throw new Finding(file, lineOf(file, key), key + ": " + value + " is not a duration (2s, 500ms, PT2S)");
            }
        }
    }

    private static void require(Path file, boolean holds, String otherwise) {
        if (!holds) {
            throw new Finding(file, lineOf(file, otherwise.substring(0, otherwise.indexOf(':'))), otherwise);
        }
    }

    /** The line of a key such as {@code partners.x.url} (its last part, after the first part's line), 0 if absent. */
    static int lineOf(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            String[] parts = key.split("\\.");
            int from = 0;
            for (String part : parts) {
                int found = -1;
                for (int i = from; i < lines.size(); i++) {
                    if (lines.get(i).stripLeading().startsWith(part + ":") || lines.get(i).stripLeading().startsWith("- " + part)) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    return from;
                }
                from = found + 1;
            }
            return from;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What is wrong with a service.yaml, as {@code file:line: what}. */
    public static final class Finding extends RuntimeException {

        private final transient RouteFileCheck.Finding finding;

        Finding(Path file, int line, String message) {
            super(new RouteFileCheck.Finding(file, line, message).toString());
            this.finding = new RouteFileCheck.Finding(file, line, message);
        }

        public RouteFileCheck.Finding finding() {
            return finding;
        }
    }
}
