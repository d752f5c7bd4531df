package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Holds every route template to its parameter sheet: beside {@code <file>.camel.yaml}, {@code <file>.parameters.yaml}
 * describes each template's parameters as a Kamelet does (title, description, type, example, required, default;
 * {@code format: password} for a secret), since Camel's own template parameters carry a description only. A sheet
 * that is missing, leaves a parameter out, describes one the template does not have, or disagrees with it on what is
 * required or on a default is a finding, so the sheet a developer reads is the template that runs.
 */
public final class TemplateSheets {

    private static final List<String> DESCRIBED_BY = List.of("title", "description", "type", "example");

    private TemplateSheets() {
    }

    /** What is wrong with the sheets of the templates in the {@code *.camel.yaml} files of {@code folder}. */
    public static List<RouteFileCheck.Finding> check(Path folder) {
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return findings;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                findings.addAll(checkFile(file));
            }
        } catch (IOException e) {
            findings.add(new RouteFileCheck.Finding(folder, 0, "cannot be read: " + e.getMessage()));
        }
        return findings;
    }

    private static List<RouteFileCheck.Finding> checkFile(Path file) throws IOException {
        Map<String, Map<String, Object>> templates = templates(file);
        List<RouteFileCheck.Finding> findings = new ArrayList<>();
        if (templates.isEmpty()) {
            return findings;
        }
        Path sheetFile = file.resolveSibling(file.getFileName().toString().replace(".camel.yaml", ".parameters.yaml"));
        if (!Files.isRegularFile(sheetFile)) {
            findings.add(new RouteFileCheck.Finding(file, 1, "its route templates " + templates.keySet()
                    + " have no parameter sheet " + sheetFile.getFileName()));
            return findings;
        }
        List<String> lines = Files.readAllLines(sheetFile);
        Object parsed;
        try {
            parsed = new Yaml(new LoaderOptions()).load(String.join("\n", lines));
        } catch (MarkedYAMLException e) {
            findings.add(new RouteFileCheck.Finding(sheetFile, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "is not valid YAML: " + e.getProblem()));
            return findings;
        }
        Map<?, ?> sheets = parsed instanceof Map<?, ?> m ? m : Map.of();
        templates.forEach((id, parameters) -> {
            if (!(sheets.get(id) instanceof Map<?, ?> sheet)) {
                findings.add(new RouteFileCheck.Finding(sheetFile, 1, "does not describe the route template " + id));
                return;
            }
            int at = line(lines, id + ":", 0);
            Map<?, ?> properties = sheet.get("properties") instanceof Map<?, ?> p ? p : Map.of();
            Set<Object> required = new LinkedHashSet<>(sheet.get("required") instanceof List<?> r ? r : List.of());
            parameters.forEach((name, defaultValue) -> {
                if (!(properties.get(name) instanceof Map<?, ?> property)) {
                    findings.add(new RouteFileCheck.Finding(sheetFile, at, id + ": the parameter " + name + " is not described"));
                    return;
                }
                int line = line(lines, name + ":", at);
                for (String field : DESCRIBED_BY) {
                    if (property.get(field) == null) {
                        findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + ": no " + field));
                    }
                }
                if (defaultValue == null != required.contains(name)) {
                    findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + (defaultValue == null
                            ? ": the template has no default, so it is required" : ": the template gives it a default, so it is not required")));
                }
                if (defaultValue != null && !defaultValue.equals(String.valueOf(property.get("default")))) {
                    findings.add(new RouteFileCheck.Finding(sheetFile, line, id + "." + name + ": the default is "
                            + defaultValue + " in the template"));
                }
            });
            for (Object name : properties.keySet()) {
                if (!parameters.containsKey(String.valueOf(name))) {
                    findings.add(new RouteFileCheck.Finding(sheetFile, line(lines, name + ":", at), id + ": describes "
                            + name + ", which the template does not have"));
                }
            }
        });
        return findings;
    }

    /** The route templates of a file: each parameter with its default value (null: none). */
    private static Map<String, Map<String, Object>> templates(Path file) throws IOException {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        Object parsed;
        try {
            parsed = new Yaml(new LoaderOptions()).load(Files.readString(file));
        } catch (RuntimeException unreadable) {
            // RouteFileCheck names what is wrong with the file itself
            return templates;
        }
        if (!(parsed instanceof List<?> items)) {
            return templates;
        }
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.get("routeTemplate") instanceof Map<?, ?> template) {
                Map<String, Object> parameters = new LinkedHashMap<>();
                if (template.get("parameters") instanceof List<?> list) {
                    for (Object p : list) {
                        if (p instanceof Map<?, ?> parameter) {
                            Object value = parameter.get("defaultValue");
                            parameters.put(String.valueOf(parameter.get("name")), value == null ? null : String.valueOf(value));
                        }
                    }
                }
                templates.put(String.valueOf(template.get("id")), parameters);
            }
        }
        return templates;
    }

    /** The 1-based line of the first line at or after {@code from} whose text starts with {@code key}. */
    private static int line(List<String> lines, String key, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).stripLeading().startsWith(key)) {
                return i + 1;
            }
        }
        return Math.max(1, from);
    }
}
