package kz.qazeta.hub.routefiles;

import java.nio.file.Files;
import java.nio.file.Path;

import kz.qazeta.hub.StartedHub;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A hub whose routes/ holds a broken file does not start, and says which file, which line and what is wrong. */
class BrokenRouteFileStartupTest {

    @Test
    void theHubRefusesToStartOnABrokenRouteFileAndNamesIt() throws Exception {
        Path home = Files.createTempDirectory("qazeta-broken-home");
        FileSystemUtils.copyRecursively(Path.of("routes"), home.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("mappings"), home.resolve("mappings"));
        Path broken = home.resolve("routes/insurance/insurance.camel.yaml");
        // a mapping that is not there, as a developer might leave it
        Files.writeString(broken, Files.readString(broken).replace("sunkar-insurance/quote-request.jsonata",
                "sunkar-insurance/quote-request-v2.jsonata"));

        assertThatThrownBy(() -> StartedHub.start(home.resolve("data"), StartedHub.freePort(), "--qazeta.home=" + home))
                .satisfies(failure -> {
                    String message = rootMessage(failure);
                    assertThat(message).contains("The hub will not start on broken route files");
                    assertThat(message).containsPattern("insurance\\.camel\\.yaml:\\d+: names the mapping sunkar-insurance/quote-request-v2\\.jsonata");
                });
    }

    private static String rootMessage(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
