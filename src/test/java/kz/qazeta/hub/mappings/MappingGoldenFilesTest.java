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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapping in mappings/ against its samples, through the same Camel component the routes use:
 * {@code <mapping>[.<case>].sample.json} must become {@code <mapping>[.<case>].expected.json}.
 */
class MappingGoldenFilesTest {

    private static final Path MAPPINGS = Path.of("mappings");
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
        try (Stream<Path> files = Files.walk(MAPPINGS)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sample.json")).sorted().toList().stream();
        }
    }

    @Test
    void everyMappingHasAtLeastOneSample() throws IOException {
        List<Path> mappings;
        try (Stream<Path> files = Files.walk(MAPPINGS)) {
            mappings = files.filter(p -> p.toString().endsWith(".jsonata")).toList();
        }
        assertThat(mappings).isNotEmpty();
        for (Path mapping : mappings) {
            String base = mapping.getFileName().toString().replace(".jsonata", "");
            assertThat(Files.exists(mapping.resolveSibling(base + ".sample.json")))
                    .as("a sample beside %s", mapping).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleBecomesExpected(Path sample) throws IOException {
        String name = sample.getFileName().toString();
        String mappingName = name.substring(0, name.indexOf('.')) + ".jsonata";
        Path mapping = sample.resolveSibling(mappingName);
        Path expected = sample.resolveSibling(name.replace(".sample.json", ".expected.json"));
        assertThat(mapping).exists();
        assertThat(expected).exists();

        String output = template.requestBody("jsonata:file:" + mapping + "?inputType=JsonString&outputType=JsonString",
                Files.readString(sample), String.class);

        assertThat(normalise(JSON.readTree(output))).isEqualTo(normalise(JSON.readTree(Files.readString(expected))));
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
