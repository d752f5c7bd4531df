package kz.qazeta.hub.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import kz.qazeta.hub.HubLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub that cannot start ends its process, at once, with a non-zero exit status and a line on standard error that
 * says why ({@code file:line} where it is a file), so that a supervisor restarts it or raises the alarm. Each case
 * starts the hub as a real process on a home of its own with one mistake in it, and reads its exit status and output.
 */
class FailedStartTest {

    /** A route file the check refuses stops the start before the broker and the web server are made. */
    private static final Duration REFUSED_FILE = Duration.ofSeconds(60);
    /** A mistake only Camel finds stops it when Camel starts, after the rest of the hub is up. */
    private static final Duration REFUSED_BY_CAMEL = Duration.ofSeconds(240);

    private HubLauncher hub;
    private Process process;

    @BeforeEach
    void home() throws IOException {
        hub = HubLauncher.withHubFiles();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        hub.delete();
    }

    @Test
    void aRouteFileWithAMisspelledStepEndsTheProcessNamingFileAndLine() throws Exception {
        Path broken = Files.writeString(hub.routes().resolve("broken.camel.yaml"), """
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

        Ended ended = startAndWait(REFUSED_FILE);

        assertThat(ended.status()).isEqualTo(FailedStart.CONFIGURATION);
        assertThat(ended.reasons()).anySatisfy(line -> assertThat(line)
                .startsWith("The hub did not start: " + broken + ":8: not allowed by Camel's YAML DSL").contains("'tu'"));
    }

    @Test
    void aRouteFileThatIsNotYamlEndsTheProcessNamingFileAndLine() throws Exception {
        Path broken = Files.writeString(hub.routes().resolve("unparsable.camel.yaml"), """
                - route:
                    id: unparsable
                    from:
                      uri: "direct:unparsable
                      steps: []
                """);

        Ended ended = startAndWait(REFUSED_FILE);

        assertThat(ended.status()).isEqualTo(FailedStart.CONFIGURATION);
        assertThat(ended.reasons()).singleElement().asString()
                .matches("The hub did not start: " + java.util.regex.Pattern.quote(broken.toString()) + ":[4-6]: is not valid YAML: .*");
    }

    @Test
    void aMisspelledTemplateParameterEndsTheProcessNamingFileLineAndParameter() throws Exception {
        Path insurance = hub.routes().resolve("insurance/insurance.camel.yaml");
        String given = "- {name: partner, value: sunkar-insurance}";
        int line = lineOf(insurance, given);
        Files.writeString(insurance, Files.readString(insurance)
                .replaceFirst(java.util.regex.Pattern.quote(given), "- {name: partnr, value: sunkar-insurance}"));

        Ended ended = startAndWait(REFUSED_FILE);

        assertThat(ended.status()).isEqualTo(FailedStart.CONFIGURATION);
        // the line names the parameters the template has, whatever they are today; partner among them
        assertThat(ended.reasons()).anySatisfy(reason -> assertThat(reason)
                .startsWith("The hub did not start: " + insurance + ":" + line
                        + ": the templatedRoute insurer-sunkar-insurance-quote gives the parameter 'partnr', which the route"
                        + " template rest-partner-call does not have (it has: name, service, partner, ")
                .endsWith(")"));
    }

    @Test
    void aMissingTemplateParameterEndsTheProcessNamingFileLineAndParameter() throws Exception {
        Path insurance = hub.routes().resolve("insurance/insurance.camel.yaml");
        String given = "      - {name: url, value: \"{{qazeta.service.insurance.partners.sunkar-insurance.url}}/policies\"}\n";
        int templated = lineOf(insurance, "routeId: insurer-sunkar-insurance-policy") - 2;
        Files.writeString(insurance, Files.readString(insurance).replace(given, ""));

        Ended ended = startAndWait(REFUSED_FILE);

        assertThat(ended.status()).isEqualTo(FailedStart.CONFIGURATION);
        assertThat(ended.reasons()).containsExactly("The hub did not start: " + insurance + ":" + templated
                + ": the templatedRoute insurer-sunkar-insurance-policy does not give the parameter 'url', which the"
                + " route template rest-partner-call requires (it has no defaultValue)");
    }

    /** The JMS listeners, the twins and the message-log writer were running when Camel refused: they must not keep the JVM. */
    @Test
    void aRouteCamelRefusesAtItsStartEndsTheProcessNamingTheRoute() throws Exception {
        Files.writeString(hub.routes().resolve("probe.camel.yaml"), """
                - route:
                    id: probe-unknown-component
                    from:
                      uri: direct:probe
                      steps:
                        - to:
                            uri: nosuchcomponent:x
                """);

        Ended ended = startAndWait(REFUSED_BY_CAMEL);

        assertThat(ended.status()).isEqualTo(FailedStart.OTHER);
        // Camel names the route, not its file and line
        assertThat(ended.reasons()).singleElement().asString()
                .startsWith("The hub did not start: route probe-unknown-component: ")
                .contains("nosuchcomponent://x");
    }

    private record Ended(int status, List<String> reasons, Duration took) {
    }

    @Test
    void aPartnerWithNoUrlWhereThereAreNoTwinsEndsTheProcessNamingTheCardsLine() throws Exception {
        // as in production: no twins, and the insurer's URL not in the environment
        Path card = hub.routes().resolve("insurance/service.yaml");

        Ended ended = startAndWait(REFUSED_FILE, "--qazeta.sandbox.partners-url=");

        assertThat(ended.status()).isEqualTo(FailedStart.CONFIGURATION);
        // each card's first partner without one, in the card's order; the other cards' partners too
        assertThat(ended.reasons()).contains("The hub did not start: " + card + ":"
                + lineOf(card, "url: \"${QAZETA_SUNKAR_INSURANCE_URL:}\"") + ": partners.sunkar-insurance.url: "
                + "${QAZETA_SUNKAR_INSURANCE_URL:} is empty, and this profile has no sandbox twins (the production profile"
                + " has none: set the partner's URL)");
        assertThat(ended.reasons()).anySatisfy(reason -> assertThat(reason)
                .contains("routes/imei/service.yaml:").contains("partners.imei-registry.url: ${QAZETA_IMEI_REGISTRY_URL:} is empty"));
    }

    private Ended startAndWait(Duration patience, String... settings) throws Exception {
        long started = System.nanoTime();
        process = hub.start(HubLauncher.freePort(), "sandbox,test", settings);
        boolean ended = process.waitFor(patience.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(ended).as("the hub process ended within %s; its error output: %s", patience,
                Files.readString(hub.err())).isTrue();
        System.out.printf("FailedStartTest: the hub process ended with status %d after %.1f s%n",
                process.exitValue(), took.toMillis() / 1000.0);
        List<String> reasons = Files.readAllLines(hub.err()).stream()
                .filter(l -> l.startsWith("The hub did not start: ")).toList();
        return new Ended(process.exitValue(), reasons, took);
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text + " is not in " + file);
    }
}
