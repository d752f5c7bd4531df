package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service folder's card: read into the configuration its routes use, or refused at its file and line. */
class ServiceFolderCardTest {

    private static final Path FIXTURE = Path.of("src/test/resources/service-folder/vaccination");

    @Test
    void theFixturesCardGivesItsRoutesTheirSettingsAndPartner() {
        ServiceFolder service = ServiceFolder.read(FIXTURE);

        assertThat(service.id()).isEqualTo("vaccination");
        assertThat(service.card().callers()).containsExactly("qazeta-front-door");
        Map<String, Object> properties = service.properties(Duration.ofMillis(2000), Duration.ofMillis(5000),
                Map.of("health-registry", "http://registry.example/api"));
        assertThat(properties).containsEntry("qazeta.service.vaccination.oldest-year", "2020")
                .containsEntry("qazeta.service.vaccination.partners.health-registry.url", "http://registry.example/api")
                // its health probe, with the breaker its calls share
                .containsEntry("qazeta.operations.health.partners.health-registry.url", "http://registry.example/api")
                .containsEntry("qazeta.operations.health.partners.health-registry.breaker", "health-registry-breaker")
                // the hub's default where the block names none, its own where it does (3s)
                .containsEntry("qazeta.service.vaccination.partners.health-registry.connect-timeout-ms", 2000L)
                .containsEntry("qazeta.service.vaccination.partners.health-registry.response-timeout-ms", 3000L)
                .containsEntry("qazeta.service.vaccination.folder", FIXTURE.toAbsolutePath().normalize().toString());
    }

    @Test
    void aPartnerIsReachedAtItsUrlElseAtItsTwinAndInProductionOnlyAtItsUrl() {
        ServiceFolder insurance = ServiceFolder.read(Path.of("routes/insurance"));
        ServiceFolder.PartnerBlock sunkar = insurance.card().partners().get("sunkar-insurance");
        UnaryOperator<String> noUrlGiven = text -> text.replace("${QAZETA_SUNKAR_INSURANCE_URL:}", "");
        UnaryOperator<String> urlGiven = text -> text.replace("${QAZETA_SUNKAR_INSURANCE_URL:}", "https://api.sunkar.example/api");

        assertThat(sunkar.address(urlGiven, "http://localhost:8080")).isEqualTo("https://api.sunkar.example/api");
        assertThat(sunkar.address(noUrlGiven, "http://localhost:8080"))
                .isEqualTo("http://localhost:8080/sandbox/insurers/sunkar-insurance/api");
        // production has no twins: a partner whose URL is not given stops the start
        assertThatThrownBy(() -> sunkar.address(noUrlGiven, "")).hasMessageContaining("this profile has no sandbox twins");
        assertThat(insurance.card().partners().get("steppe-assurance").probe()).isEqualTo("?wsdl");
        // a trailing slash, given or of the twins' URL, is not doubled by the paths the routes add
        UnaryOperator<String> slashed = text -> text.replace("${QAZETA_SUNKAR_INSURANCE_URL:}", "https://api.sunkar.example/api/");
        assertThat(sunkar.address(slashed, "")).isEqualTo("https://api.sunkar.example/api");
        assertThat(sunkar.address(noUrlGiven, "http://twins:8081/"))
                .isEqualTo("http://twins:8081/sandbox/insurers/sunkar-insurance/api");
    }

    @Test
    void aTwinIsAPathBelowTheTwinsUrl(@TempDir Path dir) throws IOException {
        Path folder = copy(dir, card -> card.replace("    response-timeout: 3s", "    response-timeout: 3s\n    twin: sandbox/health-registry"));
        assertThatThrownBy(() -> ServiceFolder.read(folder)).hasMessage(folder.resolve("service.yaml") + ":"
                + lineOf(folder, "twin: sandbox/health-registry")
                + ": partners.health-registry.twin: sandbox/health-registry is a path below the twins' URL, starting with /");
    }

    @Test
    void aFolderMayServeAFurtherServiceWithItsOwnPathsContractAndCallers(@TempDir Path dir) throws IOException {
        var services = ServiceFolder.read(Path.of("routes/eta")).card().services("eta");
        assertThat(services.keySet()).containsExactly("eta", "eta-authority");
        assertThat(services.get("eta").callers()).containsExactly("qazeta-front-door");
        assertThat(services.get("eta-authority").callers()).containsExactly("migration-authority");
        assertThat(services.get("eta-authority").paths()).containsExactly("/api/v1/eta-authority/");

        Path outside = copy(dir, card -> card + """
                also-serves:
                  vaccination-admin:
                    title: Vaccination checks, for the ministry
                    paths: [/admin/vaccination/]
                """);
        assertThatThrownBy(() -> ServiceFolder.read(outside)).hasMessage(outside.resolve("service.yaml") + ":"
                + lineOf(outside, "paths: [/admin/vaccination/]") + ": also-serves.vaccination-admin.paths: /admin/vaccination/ is not under /api/");
    }

    @Test
    void anUnknownKeyIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Path folder = copy(dir, card -> card.replace("message-log: FULL", "message-log: FULL\nowner: nobody"));
        assertThatThrownBy(() -> ServiceFolder.read(folder)).isInstanceOf(ServiceFolder.Finding.class)
                .hasMessageStartingWith(folder.resolve("service.yaml") + ":" + lineOf(folder, "owner: nobody") + ": ")
                .hasMessageContaining("owner");
    }

    @Test
    void aPathOutsideTheApiADurationThatIsNoneAndAMissingContractAreRefusedAtTheirLines(@TempDir Path dir) throws IOException {
        Path outside = copy(dir.resolve("a"), card -> card.replace("paths: [/api/v1/vaccination/]", "paths: [/actuator/]"));
        assertThatThrownBy(() -> ServiceFolder.read(outside))
                .hasMessage(outside.resolve("service.yaml") + ":" + lineOf(outside, "paths:") + ": paths: /actuator/ is not under /api/");

        Path slow = copy(dir.resolve("b"), card -> card.replace("response-timeout: 3s", "response-timeout: soon"));
        assertThatThrownBy(() -> ServiceFolder.read(slow)).hasMessage(slow.resolve("service.yaml") + ":"
                + lineOf(slow, "response-timeout: soon") + ": partners.health-registry.response-timeout: soon is not a duration (2s, 500ms, PT2S)");

        Path uncontracted = copy(dir.resolve("c"), card -> card);
        Files.delete(uncontracted.resolve("contract/vaccination.yaml"));
        assertThatThrownBy(() -> ServiceFolder.read(uncontracted)).hasMessageContaining(
                ":" + lineOf(uncontracted, "contract:") + ": contract: vaccination.yaml is not in");
    }

    private static Path copy(Path dir, java.util.function.UnaryOperator<String> change) throws IOException {
        Path folder = dir.resolve("vaccination");
        org.springframework.util.FileSystemUtils.copyRecursively(FIXTURE, folder);
        Path card = folder.resolve("service.yaml");
        Files.writeString(card, change.apply(Files.readString(card)));
        return folder;
    }

    private static int lineOf(Path folder, String text) throws IOException {
        var lines = Files.readAllLines(folder.resolve("service.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(text) || lines.get(i).stripLeading().startsWith(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
