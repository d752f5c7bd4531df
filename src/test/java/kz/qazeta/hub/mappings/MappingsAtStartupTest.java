package kz.qazeta.hub.mappings;

import java.nio.file.Files;
import java.nio.file.Path;

import kz.qazeta.hub.StartedHub;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A hub whose mappings/ holds a JSONata or an XSLT that does not compile does not start, and says which file and what
 * the parser found; the mappings as shipped all compile.
 */
class MappingsAtStartupTest {

    @Test
    void theHubRefusesToStartOnAMappingThatDoesNotCompileAndNamesIt() throws Exception {
        Path home = Files.createTempDirectory("qazeta-broken-mapping");
        FileSystemUtils.copyRecursively(Path.of("routes"), home.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("mappings"), home.resolve("mappings"));
        // an edit left half done: a bracket not closed
        Files.writeString(home.resolve("routes/insurance/mappings/sunkar-insurance/policy-request.jsonata"), "{\"quoteRef\": quoteId");
        Path steppe = home.resolve("routes/insurance/mappings/steppe-assurance/quote-to-hub.xsl");
        Files.writeString(steppe, Files.readString(steppe).replace("</xsl:stylesheet>", ""));

        try (StartedHub hub = StartedHub.start(home.resolve("data"), StartedHub.freePort(), "--qazeta.home=" + home)) {
            fail("the hub started on mappings that do not compile");
        } catch (RuntimeException refused) {
            String message = messages(refused);
            assertThat(message).contains("The hub will not start on mappings that do not compile");
            assertThat(message).containsPattern("sunkar-insurance/policy-request\\.jsonata: .*\\S");
            assertThat(message).contains("steppe-assurance/quote-to-hub.xsl: ");
            assertThat(message).doesNotContain("sunkar-insurance/quote-request.jsonata");
        }
    }

    @Test
    void everyShippedMappingCompiles() {
        assertThat(MappingsAtStartup.check(Path.of("mappings"))).isEmpty();
        assertThat(MappingsAtStartup.check(Path.of("routes"))).isEmpty();
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
