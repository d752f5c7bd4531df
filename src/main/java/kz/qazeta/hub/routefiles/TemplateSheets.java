package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Holds every route template to what it says of its parameters, as camel-kamelets' validator holds a Kamelet. Beside
 * {@code <file>.camel.yaml}, {@code <file>.parameters.yaml} describes each template of the file as a Kamelet does
 * (title, description, type, example, required, default; {@code format: password} for a secret), since Camel's own
 * template parameters carry a description only. A finding, at its file and line: a template with no sheet, a sheet
 * that leaves a parameter out, lacks one of those fields, describes one the template does not have, or disagrees with
 * it on what is required or on a default; and in the template itself, a {@code {{name}}} its route uses that is not
 * one of its parameters, or a parameter its route never uses. So the sheet a developer reads is the template that runs.
 */
public final class TemplateSheets {

    private static final List<String> DESCRIBED_BY = List.of("title", "description", "type", "example");
    /** Read by the hub from the templated route, not by the template's route: the route's group (TemplatedRouteGroups). */
    private static final Set<String> READ_BY_THE_HUB = Set.of("service");
    /**
     * A template parameter in its route: {@code {{name}}} or {@code {{?name}}}. The hub's settings all have a dot in
     * their name ({@code {{qazeta.mappings-content-cache}}}), a parameter none.
     */
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\??([^}.:]+)(?::[^}]*)?}}");

    private TemplateSheets() {
    }

    /** A template parameter: the line it is declared at, and its default value (null: none). */
    private record Parameter(int line, String defaultValue, boolean mandatory) {
    }

    /** A route template of a file: its line, its parameters by name, and the lines of its route (1-based, inclusive). */
    private record Template(String id, int line, Map<String, Parameter> parameters, int routeFrom, int routeTo) {
    }

    /** What is wrong with the templates of every {@code *.camel.yaml} below {@code routes}, and with their sheets. */
    public static List<RouteFileCheck.Finding> check(Path routes) {
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        if (!Files.isDirectory(routes)) {
            return findings;
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(routes)) {
            files = all.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + routes, e);
        }
        for (Path file : files) {
            try {
                findings.addAll(check(file, Files.readString(file)));
            } catch (IOException e) {
                findings.add(new RouteFileCheck.Finding(file, 0, "cannot be read: " + e.getMessage()));
            }
        }
        return findings;
    }

    /** What is wrong with the templates the route file {@code file} declares ({@code text}, as read once), and with their sheet. */
    public static List<RouteFileCheck.Finding> check(Path file, String text) {
        Map<String, Template> templates = templates(text);
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        if (templates.isEmpty()) {
            return findings;
        }
        templates.values().forEach(template -> findings.addAll(usage(file, text, template)));
        Path sheetFile = file.resolveSibling(file.getFileName().toString().replace(".camel.yaml", ".parameters.yaml"));
        if (!Files.isRegularFile(sheetFile)) {
            findings.add(new RouteFileCheck.Finding(file, templates.values().iterator().next().line(), "its route templates "
                    + templates.keySet() + " have no parameter sheet " + sheetFile.getFileName()));
            return findings;
        }
        Node sheets;
        try {
            sheets = new Yaml(new LoaderOptions()).compose(new StringReader(Files.readString(sheetFile)));
        } catch (MarkedYAMLException e) {
            findings.add(new RouteFileCheck.Finding(sheetFile, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "is not valid YAML: " + e.getProblem()));
            return findings;
        } catch (IOException e) {
            findings.add(new RouteFileCheck.Finding(sheetFile, 0, "cannot be read: " + e.getMessage()));
            return findings;
        }
        Map<String, NodeTuple> described = entries(sheets);
        described.forEach((id, entry) -> {
            if (!templates.containsKey(id)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, line(entry.getKeyNode()), "describes the route template "
                        + id + ", which " + file.getFileName() + " does not declare"));
            }
        });
        templates.values().forEach(template -> {
            NodeTuple entry = described.get(template.id());
            if (entry == null || !(entry.getValueNode() instanceof MappingNode sheet)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, entry == null ? 1 : line(entry.getKeyNode()),
                        "does not describe the route template " + template.id()));
                return;
            }
            findings.addAll(sheetFindings(sheetFile, template, line(entry.getKeyNode()), sheet));
        });
        return findings;
    }

    /** The sheet of one template ({@code sheet}, at line {@code at}) against the template. */
    private static List<RouteFileCheck.Finding> sheetFindings(Path sheetFile, Template template, int at, MappingNode sheet) {
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        String id = template.id();
        Map<String, NodeTuple> properties = value(sheet, "properties") == null ? Map.of() : entries(value(sheet, "properties"));
        Set<String> required = new LinkedHashSet<>();
        if (value(sheet, "required") instanceof SequenceNode list) {
            list.getValue().stream().filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue()).forEach(required::add);
        }
        template.parameters().forEach((name, parameter) -> {
            NodeTuple property = properties.get(name);
            if (property == null || !(property.getValueNode() instanceof MappingNode fields)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, at, id + ": the parameter " + name + " is not described"));
                return;
            }
            int line = line(property.getKeyNode());
            for (String field : DESCRIBED_BY) {
                if (value(fields, field) == null) {
                    findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + ": no " + field));
                }
            }
            if (parameter.mandatory() != required.contains(name)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + (parameter.mandatory()
                        ? ": the template has no default, so it is required"
                        : ": the template gives it a default or says required: false, so it is not required")));
            }
            String sheetDefault = value(fields, "default") instanceof ScalarNode s ? s.getValue() : null;
            if (parameter.defaultValue() != null && !parameter.defaultValue().equals(sheetDefault)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + ": the default is "
                        + parameter.defaultValue() + " in the template"));
            } else if (parameter.defaultValue() == null && sheetDefault != null) {
                findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + ": the template has no default"));
            }
        });
        properties.forEach((name, property) -> {
            if (!template.parameters().containsKey(name)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, line(property.getKeyNode()), id + ": describes "
                        + name + ", which the template does not have"));
            }
        });
        return findings;
    }

    /** A {@code {{name}}} the template's route uses but does not declare, and a parameter it declares but never uses. */
    private static List<RouteFileCheck.Finding> usage(Path file, String text, Template template) {
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        List<String> lines = text.lines().toList();
        for (int i = template.routeFrom() - 1; i < Math.min(template.routeTo(), lines.size()); i++) {
            if (lines.get(i).stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = PARAMETER.matcher(lines.get(i));
            while (m.find()) {
                String name = m.group(1).strip();
                if (used.add(name) && !template.parameters().containsKey(name)) {
                    findings.add(new RouteFileCheck.Finding(file, i + 1, template.id() + ": the route uses {{" + name
                            + "}}, which is not a parameter of the template (it has: "
                            + String.join(", ", template.parameters().keySet()) + ")"));
                }
            }
        }
        template.parameters().forEach((name, parameter) -> {
            if (!used.contains(name) && !READ_BY_THE_HUB.contains(name)) {
                findings.add(new RouteFileCheck.Finding(file, parameter.line(), template.id() + ": the parameter "
                        + name + " is declared, but the template's route never uses {{" + name + "}}"));
            }
        });
        return findings;
    }

    /** The route templates of a route file, by id (none when it does not parse: RouteFileCheck says why). */
    private static Map<String, Template> templates(String text) {
        Map<String, Template> templates = new LinkedHashMap<>();
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (RuntimeException unreadable) {
            return templates;
        }
        if (!(root instanceof SequenceNode items)) {
            return templates;
        }
        for (Node item : items.getValue()) {
            if (!(item instanceof MappingNode entry) || !(value(entry, "routeTemplate") instanceof MappingNode template)
                    || !(value(template, "id") instanceof ScalarNode id)) {
                continue;
            }
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            if (value(template, "parameters") instanceof SequenceNode list) {
                for (Node p : list.getValue()) {
                    if (p instanceof MappingNode parameter && value(parameter, "name") instanceof ScalarNode name) {
                        String defaultValue = value(parameter, "defaultValue") instanceof ScalarNode d ? d.getValue() : null;
                        boolean optional = value(parameter, "required") instanceof ScalarNode r && "false".equalsIgnoreCase(r.getValue());
                        parameters.put(name.getValue(), new Parameter(line(parameter), defaultValue, defaultValue == null && !optional));
                    }
                }
            }
            Node route = value(template, "route");
            // a block ends where the next one starts: at its line's first column, that line is not the route's
            int routeTo = route == null ? -1
                    : route.getEndMark().getLine() + (route.getEndMark().getColumn() == 0 ? 0 : 1);
            templates.put(id.getValue(), new Template(id.getValue(), line(item), parameters,
                    route == null ? 0 : line(route), routeTo));
        }
        return templates;
    }

    /** The keys of a mapping with their entries, in order (an empty map for anything else). */
    private static Map<String, NodeTuple> entries(Node node) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), tuple);
                }
            }
        }
        return entries;
    }

    private static Node value(MappingNode map, String key) {
        NodeTuple entry = entries(map).get(key);
        return entry == null ? null : entry.getValueNode();
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
