package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @param callers      the partners granted the service (no one else may call it)
     * @param maskedFields the personal-data fields of its messages the message log masks, beside the hub's own
     * @param partners     the partners it calls, by id
     * @param settings     its own settings, read by its routes as {{qazeta.service.&lt;id&gt;.&lt;name&gt;}}
     */
    public record Card(String title, List<String> paths, String contract, LogMode messageLog, List<String> callers,
                       List<String> maskedFields, Map<String, PartnerBlock> partners, Map<String, Object> settings) {

        public Card {
            paths = paths == null ? List.of() : List.copyOf(paths);
            messageLog = messageLog == null ? LogMode.FULL : messageLog;
            callers = callers == null ? List.of() : List.copyOf(callers);
            maskedFields = maskedFields == null ? List.of() : List.copyOf(maskedFields);
            partners = partners == null ? Map.of() : Map.copyOf(partners);
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }
    }

    /**
     * A partner the service calls, in one block: what operators read, how it is reached, its time-outs (the hub's
     * defaults, {@code qazeta.partners.default.*}, unless given; durations as 2s, 500ms or PT2S).
     *
     * @param name            what operators read
     * @param url             its base URL (the hub's hops to it are named by this prefix in the message log)
     * @param connectTimeout  how long a connection may take
     * @param responseTimeout how long an answer may take
     * @param endpoints       the prefixes of the Camel endpoint URIs the hub calls it through, where they are not its
     *                        URL (a SOAP partner's {@code cxf://bean:<endpoint>}); its URL by default
     */
    public record PartnerBlock(String name, String url, String connectTimeout, String responseTimeout, List<String> endpoints) {

        public PartnerBlock {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
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
        require(file, card.title() != null && !card.title().isBlank(), "title: required");
        require(file, !card.paths().isEmpty(), "paths: at least one path prefix under /api/ is required");
        for (String path : card.paths()) {
            require(file, path.startsWith("/api/") && !path.contains(".."), "paths: " + path + " is not under /api/");
        }
        require(file, card.contract() == null || Files.isRegularFile(folder.resolve("contract").resolve(card.contract())),
                "contract: " + card.contract() + " is not in " + folder.resolve("contract"));
        card.partners().forEach((name, partner) -> {
            require(file, partner.url() != null, "partners." + name + ".url: required");
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
     * partner's url and time-outs in milliseconds (the defaults given where its block names none).
     */
    public Map<String, Object> properties(Duration defaultConnect, Duration defaultResponse) {
        Map<String, Object> properties = new LinkedHashMap<>();
        String prefix = "qazeta.service." + id + ".";
        properties.put(prefix + "folder", folder.toAbsolutePath().normalize().toString());
        flatten(prefix, card.settings(), properties);
        card.partners().forEach((name, partner) -> {
            String at = prefix + "partners." + name + ".";
            properties.put(at + "url", partner.url());
            properties.put(at + "connect-timeout-ms", millis(partner.connectTimeout(), defaultConnect));
            properties.put(at + "response-timeout-ms", millis(partner.responseTimeout(), defaultResponse));
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
    private static int lineOf(Path file, String key) {
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
