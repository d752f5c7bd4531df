package kz.qazeta.hub.mappings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmlunit.builder.DiffBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapping in mappings/ against its samples, through the same Camel component the routes use:
 * {@code <mapping>[.<case>].sample.json} (or {@code .sample.xml}) must become {@code <mapping>[.<case>].expected.json}
 * (or {@code .expected.xml}). A JSONata mapping reads a JSON sample; an XSLT mapping reads an XML sample as its
 * document, or a JSON sample as the parameter {@code $request} (as the soap-partner-call template gives it).
 */
class MappingGoldenFilesTest {

    /** the shared mappings, the service folders' (routes/<service>/mappings) and the fixture service folder's */
    private static final List<Path> MAPPINGS = List.of(Path.of("mappings"), Path.of("routes"), Path.of("src/test/resources/service-folder"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    static Stream<Path> samples() throws IOException {
        return mappingFiles().filter(p -> p.getFileName().toString().matches(".*\\.sample\\.(json|xml)")).sorted().toList().stream();
    }

    private static Stream<Path> mappingFiles() throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (Path root : MAPPINGS) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(all::add);
            }
        }
        return all.stream();
    }

    @Test
    void everyMappingHasAtLeastOneSample() throws IOException {
        List<Path> mappings = mappingFiles().filter(p -> p.toString().endsWith(".jsonata") || p.toString().endsWith(".xsl")).toList();
        assertThat(mappings).isNotEmpty();
        for (Path mapping : mappings) {
            String base = mapping.getFileName().toString().replaceAll("\\.(jsonata|xsl)$", "");
            assertThat(Files.exists(mapping.resolveSibling(base + ".sample.json"))
                    || Files.exists(mapping.resolveSibling(base + ".sample.xml")))
                    .as("a sample beside %s", mapping).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleBecomesExpected(Path sample) throws IOException {
        String name = sample.getFileName().toString();
        String base = name.substring(0, name.indexOf('.'));
        boolean xslt = Files.exists(sample.resolveSibling(base + ".xsl"));
        Path mapping = sample.resolveSibling(base + (xslt ? ".xsl" : ".jsonata"));
        Path expected = Stream.of(".expected.json", ".expected.xml")
                .map(ending -> sample.resolveSibling(name.replaceAll("\\.sample\\.(json|xml)$", ending)))
                .filter(Files::exists).findFirst().orElse(null);
        assertThat(mapping).exists();
        assertThat(expected).as("the expected output beside %s", sample).isNotNull();

        String input = Files.readString(sample);
        String output;
        if (!xslt) {
            output = template.requestBody("jsonata:file:" + mapping + "?inputType=JsonString&outputType=JsonString",
                    input, String.class);
        } else if (name.endsWith(".json")) {
            output = template.requestBodyAndHeader("xslt-saxon:file:" + mapping, "<request/>", "request", input, String.class);
        } else {
            output = template.requestBody("xslt-saxon:file:" + mapping, input, String.class);
        }

        if (expected.toString().endsWith(".json")) {
            assertThat(normalise(JSON.readTree(output))).isEqualTo(normalise(JSON.readTree(Files.readString(expected))));
        } else {
            var diff = DiffBuilder.compare(Files.readString(expected)).withTest(output)
                    .ignoreWhitespace().ignoreComments().checkForSimilar().build();
            assertThat(diff.hasDifferences()).as("%s against %s: %s", output, expected, diff).isFalse();
        }
    }

    /** 15000 and 15000.00 are the same amount: compare numbers by value. */
    private static JsonNode normalise(JsonNode node) {
        if (node.isNumber()) {
            return JSON.getNodeFactory().numberNode(node.decimalValue().stripTrailingZeros());
        }
        if (node.isObject()) {
            var copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), normalise(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(normalise(n)));
            return copy;
        }
        return node;
    }
}
