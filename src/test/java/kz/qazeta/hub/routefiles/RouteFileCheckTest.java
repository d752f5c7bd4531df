package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import kz.qazeta.hub.mappings.MappingFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's own route files pass the check; broken ones are refused with their file, line and what is wrong. */
class RouteFileCheckTest {

    private final RouteFileCheck check = new RouteFileCheck(new MappingFiles(Path.of("routes"), "mappings"), configuration());

    @Test
    void everyRouteAndTemplateFileOfTheHubIsValid() {
        assertThat(check.checkAll(Path.of("routes"))).isEmpty();
    }

    @Test
    void everyRouteTemplateIsDescribedByItsParameterSheet() {
        assertThat(TemplateSheets.check(Path.of("routes"))).isEmpty();
        assertThat(TemplateSheets.check(Path.of("src/test/resources/service-folder"))).isEmpty();
    }

    @Test
    void everyRouteTemplateOfTheHubIsUsedByARouteOrItsSheetSaysWhyItStays() throws IOException {
        Set<String> used = new HashSet<>();
        Map<String, Object> sheets = new HashMap<>();
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".camel.yaml")) {
                    Matcher ref = Pattern.compile("routeTemplateRef:\\s*\"?([\\w-]+)").matcher(Files.readString(file));
                    while (ref.find()) {
                        used.add(ref.group(1));
                    }
                } else if (name.endsWith(".parameters.yaml")) {
                    sheets.putAll(new Yaml().<Map<String, Object>>load(Files.readString(file)));
                }
            }
        }
        assertThat(check.templates(Path.of("routes")).keySet()).isNotEmpty().allSatisfy(id -> assertThat(used.contains(id)
                || sheets.get(id) instanceof Map<?, ?> sheet && sheet.get("kept") instanceof String reason && !reason.isBlank())
                .as("the route template %s is used by no route in routes/, and its sheet gives no reason (kept:) to keep it", id)
                .isTrue());
    }

    @Test
    void aParameterSheetThatDisagreesWithItsTemplateIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("routes/templates/rest-partner-call.camel.yaml"), dir.resolve("rest-partner-call.camel.yaml"));
        String sheet = Files.readString(Path.of("routes/templates/rest-partner-call.parameters.yaml"));
        // responseTimeout left out, url without its title but with a default, method said to be required, one that is
        // not there, and a template the file does not declare
        String broken = sheet.substring(0, sheet.indexOf("    responseTimeout:"))
                .replace("      title: URL\n", "      default: http://localhost\n")
                .replace("required: [name,", "required: [method, name,")
                + "    retries:\n      title: Retries\n      description: x\n      type: integer\n      example: 2\n"
                + "soap-call:\n  title: SOAP call\n";
        Path file = write(dir, "rest-partner-call.parameters.yaml", broken);
        List<String> lines = broken.lines().toList();

        List<String> findings = TemplateSheets.check(dir).stream().map(Object::toString).toList();

        assertThat(findings).containsExactlyInAnyOrder(
                file + ":" + (lines.indexOf("rest-partner-call:") + 1) + ": rest-partner-call: the parameter responseTimeout is not described",
                file + ":" + (lines.indexOf("    url:") + 1) + ": rest-partner-call.url: no title",
                file + ":" + (lines.indexOf("    url:") + 1) + ": rest-partner-call.url: the template has no default",
                file + ":" + (lines.indexOf("    method:") + 1) + ": rest-partner-call.method: the template gives it a default or"
                        + " says required: false, so it is not required",
                file + ":" + (lines.indexOf("    retries:") + 1) + ": rest-partner-call: describes retries, which the template does not have",
                file + ":" + (lines.indexOf("soap-call:") + 1) + ": describes the route template soap-call, which"
                        + " rest-partner-call.camel.yaml does not declare");
        // and a template with no sheet at all, wherever its file is (a service folder's too)
        Files.delete(file);
        Path folder = Files.createDirectories(dir.resolve("vaccination"));
        Files.move(dir.resolve("rest-partner-call.camel.yaml"), folder.resolve("calls.camel.yaml"));
        // named at the line of its routeTemplate (after the template's opening comment)
        int templateLine = Files.readAllLines(folder.resolve("calls.camel.yaml")).indexOf("- routeTemplate:") + 1;
        assertThat(TemplateSheets.check(dir)).extracting(Object::toString).containsExactly(folder.resolve("calls.camel.yaml")
                + ":" + templateLine + ": its route templates [rest-partner-call] have no parameter sheet calls.parameters.yaml");
    }

    @Test
    void aTemplateWhoseRouteUsesAParameterItDoesNotDeclareOrDeclaresOneItNeverUsesIsRefusedAtItsLine(@TempDir Path dir)
            throws IOException {
        Path file = write(dir, "greetings.camel.yaml", """
                - routeTemplate:
                    id: greeting
                    parameters:
                      - name: name
                        description: who is greeted
                      - name: service
                        description: the route group, read by the hub
                      - name: greeting
                        defaultValue: hello
                      - name: punctuation
                        required: false
                    route:
                      from:
                        uri: "direct:{{name}}"
                        steps:
                          # {{greeting}} in a comment is no use
                          - setBody:
                              constant: "{{greting}}{{?punctuation}} {{qazeta.greeting-suffix}}"
                - routeTemplate:
                    id: farewell
                    parameters:
                      - name: name
                    route:
                      from:
                        uri: "direct:{{name}}"
                        steps:
                          - setBody:
                              constant: "{{greeting}}"
                """);
        write(dir, "greetings.parameters.yaml", """
                greeting:
                  title: Greeting
                  required: [name, service]
                  properties:
                    name: {title: Name, description: Who is greeted., type: string, example: ainur}
                    service: {title: Service, description: The route group., type: string, example: evisa}
                    greeting: {title: Greeting, description: The word., type: string, example: salem, default: hello}
                    punctuation: {title: Punctuation, description: After it., type: string, example: "!"}
                farewell:
                  title: Farewell
                  required: [name]
                  properties:
                    name: {title: Name, description: Who is seen off., type: string, example: ainur}
                """);

        assertThat(TemplateSheets.check(dir)).extracting(Object::toString).containsExactly(
                file + ":18: greeting: the route uses {{greting}}, which is not a parameter of the template (it has: name,"
                        + " service, greeting, punctuation)",
                file + ":8: greeting: the parameter greeting is declared, but the template's route never uses {{greeting}}",
                file + ":28: farewell: the route uses {{greeting}}, which is not a parameter of the template (it has: name)");
    }

    @Test
    void aMisspelledStepIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Path file = write(dir, "broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setBody:
                            constant: hello
                        - tu:
                            uri: log:broken
                """);
        List<RouteFileCheck.Finding> findings = check.check(file);
        assertThat(findings).isNotEmpty();
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.file()).isEqualTo(file);
            assertThat(f.line()).isEqualTo(8);
        });
        assertThat(findings.get(0).toString()).startsWith(file + ":8: not allowed by Camel's YAML DSL");
        assertThat(findings.toString()).contains("tu");
    }

    @Test
    void yamlThatDoesNotParseIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Path file = write(dir, "unparsable.camel.yaml", """
                - route:
                    id: unparsable
                    from:
                      uri: "direct:unparsable
                      steps: []
                """);
        List<RouteFileCheck.Finding> findings = check.check(file);
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).message()).startsWith("is not valid YAML");
        assertThat(findings.get(0).line()).isBetween(4, 6);
    }

    @Test
    void aMissingMappingIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path file = write(dir, "mapping.camel.yaml", """
                - route:
                    id: uses-a-mapping
                    from:
                      uri: direct:uses-a-mapping
                      steps:
                        - to:
                            uri: "jsonata:resource:mapping:insurance/no-such-mapping.jsonata"
                - templatedRoute:
                    routeTemplateRef: rest-partner-call
                    routeId: uses-a-template
                    parameters:
                      - {name: requestMapping, value: sunkar-insurance/quote-request.jsonata}
                      - {name: responseMapping, value: sunkar-insurance/missing.jsonata}
                """);
        List<RouteFileCheck.Finding> findings = check.check(file);
        assertThat(findings).extracting(RouteFileCheck.Finding::line).containsExactly(7, 13);
        assertThat(findings.get(0).message()).contains("insurance/no-such-mapping.jsonata");
        assertThat(findings.get(1).message()).contains("sunkar-insurance/missing.jsonata");
    }

    @Test
    void aMisspelledKeyAmongPlaceholdersIsStillFound(@TempDir Path dir) throws IOException {
        Path file = write(dir, "misspelled.camel.yaml", """
                - route:
                    id: misspelled
                    from:
                      uri: direct:misspelled
                      steps:
                        - circuitBreaker:
                            resilience4jConfiguration:
                              minimumNumberOfCalls: "{{qazeta.partners.circuit.minimum-calls}}"
                              slidingWindowSize: "{{some.template.parameter}}"
                            steps:
                              - to:
                                  uri: log:call
                            onFallbak:
                              steps:
                                - to:
                                    uri: log:fallback
                """);
        List<RouteFileCheck.Finding> findings = check.check(file);
        assertThat(findings).isNotEmpty();
        assertThat(findings.toString()).contains("onFallbak");
        assertThat(findings.get(0).line()).isEqualTo(6);
    }

    @Test
    void aTemplatedRouteMustGiveItsTemplateExactlyTheParametersItDeclares(@TempDir Path dir) throws IOException {
        write(dir, "template.camel.yaml", """
                - routeTemplate:
                    id: greeting
                    parameters:
                      - name: name
                        title: Who is greeted
                      - name: greeting
                        defaultValue: hello
                      - name: punctuation
                        required: false
                    route:
                      from:
                        uri: "direct:{{name}}"
                        steps:
                          - setBody:
                              constant: "{{greeting}}{{?punctuation}}"
                """);
        Path file = write(dir, "greetings.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: greeting
                    routeId: greet-all-given
                    parameters:
                      - {name: name, value: a}
                      - {name: greeting, value: hi}
                      - {name: punctuation, value: "!"}
                - templatedRoute:
                    routeTemplateRef: greeting
                    routeId: greet-defaults
                    parameters:
                      - {name: name, value: b}
                - templatedRoute:
                    routeTemplateRef: greeting
                    routeId: greet-misspelled
                    parameters:
                      - {name: nmae, value: c}
                - templatedRoute:
                    routeTemplateRef: no-such-template
                    routeId: greet-nobody
                """);
        List<RouteFileCheck.Finding> findings = check.check(file, check.templates(dir));
        assertThat(findings).extracting(RouteFileCheck.Finding::toString).containsExactly(
                file + ":17: the templatedRoute greet-misspelled gives the parameter 'nmae', which the route template"
                        + " greeting does not have (it has: name, greeting, punctuation)",
                file + ":13: the templatedRoute greet-misspelled does not give the parameter 'name', which the route"
                        + " template greeting requires (it has no defaultValue)",
                file + ":18: the templatedRoute greet-nobody names the route template no-such-template, which no route"
                        + " file declares");
        // alone, a file is judged only against the templates it declares itself
        assertThat(check.check(file)).isEmpty();
    }

    /** The hub's application.yaml, for the values of {{...}} placeholders, as the running hub has them. */
    private static java.util.function.UnaryOperator<String> configuration() {
        try {
            var environment = new org.springframework.core.env.StandardEnvironment();
            new org.springframework.boot.env.YamlPropertySourceLoader()
                    .load("application", new org.springframework.core.io.ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
            return environment::getProperty;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
