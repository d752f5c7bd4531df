package kz.qazeta.hub.routefiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.springframework.context.support.ReloadableResourceBundleMessageSource;

/**
 * The refusal texts a caller reads, in kk/ru/en: the hub's own ({@code i18n/problems*.properties}), then each service
 * folder's ({@code texts/problems*.properties}), read from the file system. A service adds texts for its own keys;
 * the hub's come first, so a folder cannot change what the hub's refusals say.
 */
public class ServiceTexts extends ReloadableResourceBundleMessageSource {

    private static final String HUBS = "classpath:i18n/problems";

    private final Map<String, String> folders = new ConcurrentSkipListMap<>();

    /** @param rereadMillis how often a changed file is read again (-1: read once, as in production) */
    public ServiceTexts(long rereadMillis) {
        setDefaultEncoding(StandardCharsets.UTF_8.name());
        setFallbackToSystemLocale(false);
        setCacheMillis(rereadMillis);
        setBasenames(HUBS);
    }

    /** Adds (or keeps) the texts of a service folder. */
    public synchronized void add(String service, Path folder) {
        folders.put(service, "file:" + folder.toAbsolutePath().normalize().resolve("texts").resolve("problems"));
        List<String> basenames = new ArrayList<>();
        basenames.add(HUBS);
        basenames.addAll(folders.values());
        setBasenames(basenames.toArray(String[]::new));
        clearCache();
    }
}
