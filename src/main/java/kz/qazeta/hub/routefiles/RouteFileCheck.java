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
import java.util.Set;
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
 * DSL schema (shipped in camel-yaml-dsl) allows, and every mapping file a route names must exist.
 */
public class RouteFileCheck {

    /** One thing wrong with a route file. */
    public record Finding(Path file, int line, String message) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    private static final String SCHEMA = "/schema/camelYamlDsl.json";
    /** a mapping a route names through the mappings placeholder, e.g. {{qazeta.mappings}}/insurance/x.jsonata */
    private static final Pattern MAPPING_URI = Pattern.compile("\\{\\{qazeta\\.mappings}}/([^\"'?\\s}{]+)");
    /** a mapping handed to a route template: {name: requestMapping, value: sunkar-insurance/quote-request.jsonata} */
    private static final Pattern MAPPING_PARAMETER = Pattern.compile("name:\\s*\"?\\w*[Mm]apping\"?\\s*,\\s*value:\\s*\"?([^\"},\\s]+)");

    private final JsonSchema schema;
    private final Path mappings;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public RouteFileCheck(Path mappings) {
        this.mappings = mappings;
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
        List<Finding> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted()
                    .forEach(f -> findings.addAll(check(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    public List<Finding> check(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of(new Finding(file, 0, "cannot be read: " + e.getMessage()));
        }
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
        return findings;
    }

    private List<Finding> schemaFindings(Path file, String text, Node root) {
        JsonNode document;
        try {
            document = yaml.readTree(text);
        } catch (IOException e) {
            return List.of(new Finding(file, 0, "is not valid YAML: " + e.getMessage()));
        }
        // a property placeholder ({{...}}) may stand for any value: the schema cannot judge it before it is resolved,
        // nor the alternatives (oneOf, anyOf) around it that failed only because of it
        Set<ValidationMessage> all = schema.validate(document);
        Set<String> placeholders = all.stream().filter(RouteFileCheck::aboutPlaceholder)
                .map(m -> m.getInstanceLocation().toString()).collect(Collectors.toSet());
        Set<ValidationMessage> messages = all.stream()
                .filter(m -> !aboutPlaceholder(m))
                .filter(m -> placeholders.stream().noneMatch(p -> p.startsWith(m.getInstanceLocation().toString())))
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
                    if (!mapping.contains("{{") && !Files.isRegularFile(mappings.resolve(mapping))) {
                        findings.add(new Finding(file, i + 1, "names the mapping " + mapping
                                + ", which is not in " + mappings));
                    }
                }
            }
        }
        return findings;
    }

    /** The line of the YAML node at a schema location such as {@code $[0].route.from.steps[2]}. */
    private static int line(Node root, String location) {
        Node node = root;
        Matcher segment = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(location.replaceFirst("^\\$", ""));
        while (segment.find() && node != null) {
            if (segment.group(1) != null && node instanceof MappingNode map) {
                Node next = null;
                for (NodeTuple tuple : map.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(segment.group(1))) {
                        next = tuple.getValueNode();
                    }
                }
                node = next == null ? node : next;
                if (next == null) {
                    break;
                }
            } else if (segment.group(2) != null && node instanceof SequenceNode list) {
                int index = Integer.parseInt(segment.group(2));
                if (index >= list.getValue().size()) {
                    break;
                }
                node = list.getValue().get(index);
            } else {
                break;
            }
        }
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static boolean aboutPlaceholder(ValidationMessage message) {
        return message.getInstanceNode() != null && message.getInstanceNode().asText("").contains("{{");
    }

    private static int depth(String location) {
        return location.split("[.\\[]").length;
    }
}
