package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import kz.qazeta.hub.mappings.MappingFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks route files before Camel loads them, so a broken one is refused with its file, line and a sentence a
 * person can act on: the YAML must parse, every route, template and templated route must be what Camel's YAML
 * DSL schema (shipped in camel-yaml-dsl) allows, every mapping file a route names must exist, and a templated
 * route must give its template exactly the parameters it declares (Camel drops an unknown one silently, and names
 * no file for a missing one).
 */
public class RouteFileCheck {

    /** One thing wrong with a route file. */
    public record Finding(Path file, int line, String message) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /**
     * A route template as Camel's YAML DSL declares it: its parameters by name, each mandatory unless it has a
     * {@code defaultValue} or says {@code required: false}.
     */
    public record RouteTemplate(String id, Map<String, Boolean> mandatory) {
    }

    private static final String SCHEMA = "/schema/camelYamlDsl.json";
    /** a mapping a route names by its scheme, e.g. jsonata:mapping:insurance/x.jsonata (MappingFiles finds it) */
    private static final Pattern MAPPING_URI = Pattern.compile("(?<![\\w-])mapping:([^\"'?\\s}{]+)");
    /** a mapping handed to a route template: {name: requestMapping, value: sunkar-insurance/quote-request.jsonata} */
    private static final Pattern MAPPING_PARAMETER = Pattern.compile("name:\\s*\"?\\w*[Mm]apping\"?\\s*,\\s*value:\\s*\"?([^\"},\\s]+)");

    /** the schema's alternatives: they fail whenever a value below them does, so they say nothing of their own */
    private static final Set<String> ALTERNATIVES = Set.of("oneOf", "anyOf", "allOf", "not", "required");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

    private final JsonSchema schema;
    private final MappingFiles mappings;
    private final UnaryOperator<String> properties;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /**
     * @param properties the hub's configuration, to put the values of {{...}} placeholders in before the schema
     *                   judges them (null for none: a placeholder is then taken as fitting wherever it stands)
     */
    public RouteFileCheck(MappingFiles mappings, UnaryOperator<String> properties) {
        this.mappings = mappings;
        this.properties = properties == null ? key -> null : properties;
        try (InputStream in = RouteFileCheck.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("Camel's YAML DSL schema " + SCHEMA + " is not on the classpath (camel-yaml-dsl)");
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every *.camel.yaml below {@code folder}, checked; nothing wrong when the list is empty. */
    public List<Finding> checkAll(Path folder) {
        Map<String, RouteTemplate> templates = templates(folder);
        List<Finding> findings = new ArrayList<>();
        routeFiles(folder).forEach(f -> findings.addAll(check(f, templates)));
        return findings;
    }

    /** One file alone: its templated routes are judged only against the templates the file itself declares. */
    public List<Finding> check(Path file) {
        return check(file, null);
    }

    /**
     * One file, its templated routes judged against {@code templates} (those of the whole routes folder, by id)
     * and its own; with null, a templated route of a template the file does not declare is not judged.
     */
    public List<Finding> check(Path file, Map<String, RouteTemplate> templates) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of(new Finding(file, 0, "cannot be read: " + e.getMessage()));
        }
        return check(file, text, templates);
    }

    /** The text of {@code file} as it was read once (a reload checks and loads the same text, not two reads of it). */
    public List<Finding> check(Path file, String text, Map<String, RouteTemplate> templates) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            return List.of(new Finding(file, line, "is not valid YAML: " + e.getProblem()));
        }
        if (root == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>(schemaFindings(file, text, root));
        findings.addAll(mappingFindings(file, text));
        Map<String, RouteTemplate> known = new HashMap<>(templates == null ? Map.of() : templates);
        known.putAll(templates(root));
        findings.addAll(templatedRouteFindings(file, root, known, templates != null));
        return findings;
    }

    /** The route templates declared in the *.camel.yaml files below {@code folder}, by id (files that do not parse are passed over). */
    public Map<String, RouteTemplate> templates(Path folder) {
        Map<String, RouteTemplate> templates = new HashMap<>();
        for (Path file : routeFiles(folder)) {
            try {
                templates.putAll(templates(new Yaml(new LoaderOptions()).compose(new StringReader(Files.readString(file)))));
            } catch (IOException | RuntimeException unreadable) {
                // its own check says what is wrong with it
            }
        }
        return templates;
    }

    private static List<Path> routeFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, RouteTemplate> templates(Node root) {
        Map<String, RouteTemplate> templates = new HashMap<>();
        for (Entry entry : entries(root, "routeTemplate")) {
            MappingNode template = entry.body();
            String id = scalar(template, "id");
            if (id == null) {
                continue;
            }
            Map<String, Boolean> mandatory = new LinkedHashMap<>();
            for (MappingNode parameter : list(template, "parameters")) {
                String name = scalar(parameter, "name");
                if (name != null) {
                    mandatory.put(name, value(parameter, "defaultValue") == null
                            && !"false".equalsIgnoreCase(scalar(parameter, "required")));
                }
            }
            templates.put(id, new RouteTemplate(id, mandatory));
        }
        return templates;
    }

    private static List<Finding> templatedRouteFindings(Path file, Node root, Map<String, RouteTemplate> templates,
                                                        boolean allKnown) {
        List<Finding> findings = new ArrayList<>();
        for (Entry entry : entries(root, "templatedRoute")) {
            MappingNode templated = entry.body();
            String ref = scalar(templated, "routeTemplateRef");
            RouteTemplate template = ref == null ? null : templates.get(ref);
            String route = scalar(templated, "routeId");
            String which = route == null ? "a templatedRoute of " + ref : "the templatedRoute " + route;
            if (template == null) {
                if (ref != null && allKnown) {
                    findings.add(new Finding(file, entry.line(), which
                            + " names the route template " + ref + ", which no route file declares"));
                }
                continue;
            }
            Set<String> given = new HashSet<>();
            for (MappingNode parameter : list(templated, "parameters")) {
                String name = scalar(parameter, "name");
                if (name == null) {
                    continue;
                }
                given.add(name);
                if (!template.mandatory().containsKey(name)) {
                    findings.add(new Finding(file, parameter.getStartMark().getLine() + 1, which + " gives the parameter '"
                            + name + "', which the route template " + ref + " does not have (it has: "
                            + String.join(", ", template.mandatory().keySet()) + ")"));
                }
            }
            template.mandatory().forEach((name, mandatory) -> {
                if (mandatory && !given.contains(name)) {
                    findings.add(new Finding(file, entry.line(), which
                            + " does not give the parameter '" + name + "', which the route template " + ref
                            + " requires (it has no defaultValue)"));
                }
            });
        }
        return findings;
    }

    /** A top-level entry {@code - <kind>: {...}} of a route file: the line of its kind, and its body. */
    private record Entry(int line, MappingNode body) {
    }

    private static List<Entry> entries(Node root, String kind) {
        List<Entry> found = new ArrayList<>();
        if (root instanceof SequenceNode items) {
            for (Node item : items.getValue()) {
                if (item instanceof MappingNode entry && value(entry, kind) instanceof MappingNode body) {
                    found.add(new Entry(entry.getStartMark().getLine() + 1, body));
                }
            }
        }
        return found;
    }

    private static List<MappingNode> list(MappingNode map, String key) {
        return value(map, key) instanceof SequenceNode items
                ? items.getValue().stream().filter(MappingNode.class::isInstance).map(MappingNode.class::cast).toList()
                : List.of();
    }

    private static String scalar(MappingNode map, String key) {
        return value(map, key) instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static Node value(MappingNode map, String key) {
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    private List<Finding> schemaFindings(Path file, String text, Node root) {
        JsonNode document;
        try {
            document = yaml.readTree(text);
        } catch (IOException e) {
            return List.of(new Finding(file, 0, "is not valid YAML: " + e.getMessage()));
        }
        // {{...}} placeholders get the configuration's values; one the configuration does not know (a template's
        // parameter) may stand for any value, so the schema's word on it, and on the alternatives around it, is set aside
        Map<String, JsonNode> resolved = new HashMap<>();
        Set<String> unresolved = new HashSet<>();
        document = resolve(document, "$", resolved, unresolved);
        Set<ValidationMessage> all = schema.validate(document);
        // a value YAML would type (500, true) where the schema wants text, or the other way round, is taken as text
        boolean retyped = false;
        for (ValidationMessage m : all) {
            String at = m.getInstanceLocation().toString();
            if ("type".equals(m.getType()) && resolved.containsKey(at)) {
                document = replace(document, at, yaml.getNodeFactory().textNode(resolved.get(at).asText()));
                retyped = true;
            }
        }
        if (retyped) {
            all = schema.validate(document);
        }
        Set<ValidationMessage> messages = all.stream()
                .filter(m -> !unresolved.contains(m.getInstanceLocation().toString()))
                .filter(m -> !ALTERNATIVES.contains(m.getType())
                        || unresolved.stream().noneMatch(p -> within(p, m.getInstanceLocation().toString())))
                .collect(Collectors.toSet());
        if (messages.isEmpty()) {
            return List.of();
        }
        // the schema offers many alternatives for each step: the deepest complaint is the one about the mistake
        int deepest = messages.stream().mapToInt(m -> depth(m.getInstanceLocation().toString())).max().orElse(0);
        return messages.stream()
                .filter(m -> depth(m.getInstanceLocation().toString()) == deepest)
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .limit(3)
                .map(m -> new Finding(file, line(root, m.getInstanceLocation().toString()),
                        "not allowed by Camel's YAML DSL: " + m.getMessage()))
                .toList();
    }

    private List<Finding> mappingFindings(Path file, String text) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Pattern pattern : List.of(MAPPING_URI, MAPPING_PARAMETER)) {
                Matcher m = pattern.matcher(lines[i]);
                while (m.find()) {
                    String mapping = m.group(1);
                    if (!mapping.contains("{{") && mappings.find(mapping).isEmpty()) {
                        findings.add(new Finding(file, i + 1, "names the mapping " + mapping
                                + ", which is not in " + mappings.folders().stream().map(Path::toString)
                                .collect(Collectors.joining(" nor "))));
                    }
                }
            }
        }
        return findings;
    }

    /** The line of the YAML node at a schema location such as {@code $[0].route.from.steps[2]} (its key's line, if it has one). */
    private static int line(Node root, String location) {
        Node node = root;
        Node key = null;
        Matcher segment = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(location.replaceFirst("^\\$", ""));
        while (segment.find() && node != null) {
            if (segment.group(1) != null && node instanceof MappingNode map) {
                NodeTuple found = null;
                for (NodeTuple tuple : map.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment.group(1))) {
                        found = tuple;
                    }
                }
                if (found == null) {
                    break;
                }
                key = found.getKeyNode();
                node = found.getValueNode();
            } else if (segment.group(2) != null && node instanceof SequenceNode list
                    && Integer.parseInt(segment.group(2)) < list.getValue().size()) {
                key = null;
                node = list.getValue().get(Integer.parseInt(segment.group(2)));
            } else {
                break;
            }
        }
        Node at = key != null ? key : node;
        return at == null ? 0 : at.getStartMark().getLine() + 1;
    }

    /** The document with each {{...}} the configuration knows replaced by its value, typed as YAML would type it. */
    private JsonNode resolve(JsonNode node, String at, Map<String, JsonNode> resolved, Set<String> unresolved) {
        if (node.isTextual() && node.asText().contains("{{")) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder text = new StringBuilder();
            while (m.find()) {
                String[] keyAndDefault = m.group(1).split(":", 2);
                String value = properties.apply(keyAndDefault[0]);
                if (value == null && keyAndDefault.length == 2) {
                    value = keyAndDefault[1];
                }
                if (value == null) {
                    unresolved.add(at);
                    return node;
                }
                m.appendReplacement(text, Matcher.quoteReplacement(value));
            }
            m.appendTail(text);
            JsonNode value = typed(text.toString());
            resolved.put(at, value);
            return value;
        }
        if (node.isObject()) {
            var copy = yaml.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolve(e.getValue(), at + "." + e.getKey(), resolved, unresolved)));
            return copy;
        }
        if (node.isArray()) {
            var copy = yaml.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(resolve(node.get(i), at + "[" + i + "]", resolved, unresolved));
            }
            return copy;
        }
        return node;
    }

    private JsonNode typed(String value) {
        if (value.matches("-?\\d{1,18}")) {
            return yaml.getNodeFactory().numberNode(Long.parseLong(value));
        }
        if (value.matches("-?\\d+\\.\\d+")) {
            return yaml.getNodeFactory().numberNode(Double.parseDouble(value));
        }
        if (value.equals("true") || value.equals("false")) {
            return yaml.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        return yaml.getNodeFactory().textNode(value);
    }

    /** The document with the node at a location such as {@code $[0].route.id} replaced. */
    private static JsonNode replace(JsonNode document, String at, JsonNode value) {
        Matcher segment = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(at.replaceFirst("^\\$", ""));
        JsonNode parent = null;
        String key = null;
        int index = -1;
        JsonNode node = document;
        while (segment.find() && node != null) {
            parent = node;
            key = segment.group(1);
            index = key == null ? Integer.parseInt(segment.group(2)) : -1;
            node = key != null ? node.get(key) : node.get(index);
        }
        if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode object && key != null) {
            object.set(key, value);
        } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode array && index >= 0) {
            array.set(index, value);
        }
        return document;
    }

    /** Whether {@code location} is {@code ancestor} or below it, segment by segment ($[1] is not above $[10]). */
    private static boolean within(String location, String ancestor) {
        return location.equals(ancestor) || location.startsWith(ancestor + ".") || location.startsWith(ancestor + "[");
    }

    private static int depth(String location) {
        return location.split("[.\\[]").length;
    }
}
