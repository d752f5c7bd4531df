package kz.qazeta.hub.exchange;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * A JSON body is exactly one JSON value in which no object has a key twice. Parsers disagree on the rest (one reads
 * the first value and ignores what follows, another keeps the last of two equal keys, a third the first), so a body
 * that is more than one value, or has a key twice, could mean one thing to the check and another to the partner it
 * is passed on to: refused here, naming the problem, before anything reads it. Uses the hub's own ObjectMapper's
 * parser, so its limits on depth and lengths hold too.
 */
@Component("jsonBodies")
public class JsonBodies {

    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    /** What is wrong with a JSON text: the field it concerns (or "body") and the reason, a key of the i18n bundle. */
    public record Flaw(String field, String reason) {
    }

    /** Refuses a front-door body that is not one JSON value without repeated keys: a 400 naming the problem. */
    public void check(String body) {
        if (body == null || body.isBlank()) {
            throw HubProblem.invalidRequest("body", "required");
        }
        Flaw flaw = flaw(body);
        if (flaw != null) {
            throw HubProblem.invalidRequest(flaw.field(), flaw.reason());
        }
    }

    /** The checked body as plain values (objects as maps, in their order), for a route to build from. */
    public Object read(String body) throws IOException {
        check(body);
        return json.readValue(body, Object.class);
    }

    /** Refuses a partner's answer that is not one JSON value without repeated keys: it is not believed. */
    public void checkAnswer(String answer, String partner) {
        Flaw flaw = answer == null || answer.isBlank() ? new Flaw("body", "required") : flaw(answer);
        if (flaw != null) {
            throw new PartnerAnswerRefused(partner, flaw);
        }
    }

    /**
     * A JSON object of values already parsed (a checked request, a database row): what a partner is sent is built
     * from these, never by pasting request text into a larger text.
     */
    public Map<String, Object> object(String name, Object value, String otherName, Object otherValue) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put(name, value);
        object.put(otherName, otherValue);
        return object;
    }

    /** The first thing wrong with a JSON text, or null when it is one value with no key twice. */
    public Flaw flaw(String text) {
        return flaw(json.getFactory(), text);
    }

    /** As {@link #flaw(String)}, read by the given factory's parser (and so under its limits). */
    public static Flaw flaw(JsonFactory factory, String text) {
        Deque<Set<String>> keys = new ArrayDeque<>();
        boolean valueRead = false;
        try (JsonParser parser = factory.createParser(text)) {
            // repeated keys are found below, where the parser can still say where they are
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            try {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (valueRead) {
                        return new Flaw("body", "trailing-content");
                    }
                    switch (token) {
                        case START_OBJECT -> keys.push(new HashSet<>());
                        case FIELD_NAME -> {
                            if (!keys.peek().add(parser.currentName())) {
                                return new Flaw(path(parser.getParsingContext()), "duplicate-key");
                            }
                        }
                        case END_OBJECT -> keys.pop();
                        default -> {
                        }
                    }
                    valueRead = parser.getParsingContext().inRoot();
                }
            } catch (IOException unreadable) {
                // what follows a complete value is trailing content, however it reads
                return new Flaw("body", valueRead ? "trailing-content" : "malformed-json");
            }
            return valueRead ? null : new Flaw("body", "malformed-json");
        } catch (IOException e) {
            return new Flaw("body", "malformed-json");
        }
    }

    /** The field a parser is at, as the hub names fields: {@code applicant.surname}, {@code imeis[1]}. */
    static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            String step = at.inArray() ? "[" + at.getCurrentIndex() + "]" : at.getCurrentName();
            path.insert(0, !path.isEmpty() && path.charAt(0) != '[' ? step + "." : step);
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
