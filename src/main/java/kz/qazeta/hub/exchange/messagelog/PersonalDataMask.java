package kz.qazeta.hub.exchange.messagelog;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import kz.qazeta.hub.exchange.JsonBodies;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Masks personal data in a message body before the message log keeps it: the values of the configured fields
 * (passport numbers, IINs, names, dates of birth), whatever the partner calls them; a name {@code parent.field}
 * masks a field only inside that parent (e.g. {@code document.number}). JSON is masked on its
 * parsed tree (escaped names and quotes, numbers, nesting all handled); XML by element name. JSON that is one value
 * and more (a second value, a key twice: refused at the gate) is kept as it came and masked as text, so the forged part
 * stays in evidence. A body it cannot mask with confidence (JSON that does not parse, text that is neither JSON nor
 * XML) is not kept at all: the message log has its size and hash only. A value keeps its first character.
 */
@Component
public class PersonalDataMask {

    /** The fields and the patterns made from them, replaced whole when a service folder adds fields. */
    private record Rules(Set<String> fields, Pattern xml, Pattern jsonText) {

        static Rules of(Collection<String> configured) {
            Set<String> fields = configured.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            // "parent.field" names a field only inside that parent (JSON), e.g. document.number
            String names = String.join("|", configured.stream().filter(f -> !f.contains(".")).map(Pattern::quote).toList());
            // JSON kept as text: every masked name, a "parent.field" one by its field alone (more masked, never less)
            String leaves = String.join("|", configured.stream().map(f -> Pattern.quote(f.substring(f.lastIndexOf('.') + 1))).distinct().toList());
            Pattern jsonText = Pattern.compile("(\"(?:" + leaves + ")\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*)",
                    Pattern.CASE_INSENSITIVE);
            // the value runs to the next tag, closed or not, and a CDATA section in it is part of it
            Pattern xml = Pattern.compile("(<(?:[\\w-]+:)?(?:" + names + ")(?:\\s[^>]*)?>)((?:[^<]++|<!\\[CDATA\\[.*?]]>)*+)()",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            return new Rules(fields, xml, jsonText);
        }
    }

    private final List<String> configured;
    private final Map<String, List<String>> added = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Rules rules;
    private final ObjectMapper json = new ObjectMapper();

    public PersonalDataMask(@Value("${qazeta.exchange.message-log.masked-fields}") List<String> fields) {
        this.configured = List.copyOf(fields);
        this.rules = Rules.of(configured);
    }

    /** The configured fields and those the service folders add ({@code masked-fields} in their service.yaml). */
    public synchronized void mask(String source, Collection<String> more) {
        added.put(source, List.copyOf(more));
        Set<String> all = new LinkedHashSet<>(configured);
        added.values().forEach(all::addAll);
        rules = Rules.of(all);
    }

    /** The body with personal data masked, or null where it cannot be masked (then it is not kept). */
    public String mask(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        char first = body.stripLeading().isEmpty() ? ' ' : body.stripLeading().charAt(0);
        if (first == '{' || first == '[') {
            JsonBodies.Flaw flaw = JsonBodies.flaw(json.getFactory(), body);
            if (flaw == null) {
                try {
                    JsonNode tree = json.readTree(body);
                    maskTree(tree, null);
                    return json.writeValueAsString(tree);
                } catch (JsonProcessingException notJson) {
                    return null;
                }
            }
            // a body that is one value and more (a second value, a key twice) is kept as it came, masked as text:
            // a parsed tree would drop what follows the first value, and all but one of a repeated key.
            // Half a JSON document could hold a passport number anywhere: keep none of it.
            return "malformed-json".equals(flaw.reason()) ? null : replace(rules.jsonText(), body, true);
        }
        return first == '<' ? replace(rules.xml(), body, false) : null;
    }

    private static String replace(Pattern pattern, String body, boolean json) {
        Matcher m = pattern.matcher(body);
        StringBuilder out = new StringBuilder(body.length());
        while (m.find()) {
            String value = m.group(2);
            String masked = json && value.startsWith("\"") ? "\"" + hide(value.substring(1, value.length() - 1)) + "\"" : hide(value);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked + (json ? "" : m.group(3))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void maskTree(JsonNode node, String parent) {
        if (node instanceof ObjectNode object) {
            var names = new java.util.ArrayList<String>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                String field = name.toLowerCase(Locale.ROOT);
                Set<String> fields = rules.fields();
                boolean masked = fields.contains(field) || parent != null && fields.contains(parent + "." + field);
                if (masked && value.isValueNode() && !value.isNull()) {
                    object.set(name, TextNode.valueOf(hide(value.asText())));
                } else {
                    maskTree(value, field);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> maskTree(element, parent));
        }
    }

    /** Keeps the first character and hides the rest, never shorter than four characters. */
    static String hide(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return value.charAt(0) + "*".repeat(Math.max(3, value.length() - 1));
    }
}
