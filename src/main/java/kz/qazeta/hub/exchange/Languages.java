package kz.qazeta.hub.exchange;

import java.util.List;
import java.util.Locale;

/** The languages QazETA answers in, chosen from a request's {@code Accept-Language}: English when it names none. */
public final class Languages {

    public static final List<String> SUPPORTED = List.of("kk", "ru", "en");
    public static final Locale DEFAULT = Locale.ENGLISH;

    private Languages() {
    }

    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        try {
            String tag = Locale.lookupTag(Locale.LanguageRange.parse(header), SUPPORTED);
            return tag == null ? DEFAULT : Locale.forLanguageTag(tag);
        } catch (IllegalArgumentException malformed) {
            return DEFAULT;
        }
    }
}
