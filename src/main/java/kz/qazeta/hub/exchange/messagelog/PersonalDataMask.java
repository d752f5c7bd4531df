package kz.qazeta.hub.exchange.messagelog;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Masks personal data in a message body before the message log keeps it: the values of the configured fields
 * (passport numbers, IINs, names, dates of birth), in JSON ({@code "field": "value"}) and in XML
 * ({@code <ns:field>value</ns:field>}), whatever the partner calls them. A value keeps its first character.
 */
@Component
public class PersonalDataMask {

    private final Pattern json;
    private final Pattern xml;

    public PersonalDataMask(@Value("${qazeta.exchange.message-log.masked-fields}") List<String> fields) {
        String names = String.join("|", fields.stream().map(Pattern::quote).toList());
        this.json = Pattern.compile("(\"(?:" + names + ")\"\\s*:\\s*\")([^\"]*)(\")", Pattern.CASE_INSENSITIVE);
        this.xml = Pattern.compile("(<(?:[\\w-]+:)?(?:" + names + ")(?:\\s[^>]*)?>)([^<]*)(</)", Pattern.CASE_INSENSITIVE);
    }

    public String mask(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        return replace(xml, replace(json, body));
    }

    private static String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + hide(m.group(2)) + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Keeps the first character and the length's order of magnitude, never the value. */
    static String hide(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return value.charAt(0) + "*".repeat(Math.max(3, value.length() - 1));
    }
}
