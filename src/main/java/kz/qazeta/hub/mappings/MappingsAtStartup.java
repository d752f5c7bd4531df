package kz.qazeta.hub.mappings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.transform.stream.StreamSource;

import com.dashjoin.jsonata.Jsonata;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XsltCompiler;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the hub on a mapping that does not compile: before Camel starts its routes, every JSONata file
 * of {@link MappingFiles} (the shared {@code mappings/} and each service folder's) is parsed by the JSONata library camel-jsonata uses, and every XSLT file compiled by
 * Saxon (as camel-xslt-saxon does); the start-up stops naming each file with the parser's message. A mapping that
 * cannot be compiled would otherwise be found by the first request that needs it, as a fault of the hub.
 */
@Component
public class MappingsAtStartup implements CamelContextConfiguration {

    private final MappingFiles mappings;

    public MappingsAtStartup(MappingResolver resolver) {
        this.mappings = resolver.files();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        List<String> broken = new ArrayList<>();
        mappings.folders().forEach(folder -> broken.addAll(check(folder)));
        if (!broken.isEmpty()) {
            throw new IllegalStateException("The hub will not start on mappings that do not compile:\n"
                    + broken.stream().map(b -> "  " + b).collect(Collectors.joining("\n")));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    /** Each mapping under {@code root} that does not compile, as {@code <file relative to root>: <parser's message>}. */
    public static List<String> check(Path root) {
        List<String> broken = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return broken;
        }
        XsltCompiler xslt = new Processor(false).newXsltCompiler();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                try {
                    if (name.endsWith(".jsonata")) {
                        Jsonata.jsonata(Files.readString(file));
                    } else if (name.endsWith(".xsl") || name.endsWith(".xslt")) {
                        xslt.compile(new StreamSource(file.toFile()));
                    }
                } catch (SaxonApiException | RuntimeException e) {
                    broken.add(root.relativize(file) + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mappings under " + root, e);
        }
        return broken;
    }
}
