package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up check over a hub's whole routes/ folder, service folders included: the hub's own files with the
 * fixture service folder pass; a service folder's route file that gives a template a parameter it does not have, or
 * that declares a template of its own with no parameter sheet, stops the start at its file and line.
 */
class RouteFilesAtStartupTest {

    @TempDir
    Path home;
    private Path service;

    @BeforeEach
    void copyTheHubsFilesAndTheFixtureService() throws IOException {
        FileSystemUtils.copyRecursively(Path.of("routes"), home.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("mappings"), home.resolve("mappings"));
        service = home.resolve("routes/vaccination");
        FileSystemUtils.copyRecursively(Path.of("src/test/resources/service-folder/vaccination"), service);
    }

    @Test
    void theHubsRouteFilesWithAServiceFolderPass() {
        check();
    }

    @Test
    void aServiceFoldersTemplatedRouteWithAParameterItsTemplateDoesNotHaveStopsTheStartAtItsLine() throws IOException {
        Path file = service.resolve("vaccination.camel.yaml");
        String given = "      - {name: partner, value: health-registry}";
        String broken = Files.readString(file).replace(given, given + "\n      - {name: retries, value: \"3\"}");
        Files.writeString(file, broken);
        int line = broken.lines().toList().indexOf("      - {name: retries, value: \"3\"}") + 1;

        assertThatThrownBy(this::check).isInstanceOfSatisfying(BrokenRouteFiles.class, refused ->
                assertThat(refused.reasons()).containsExactly(file + ":" + line + ": the templatedRoute health-registry-verify"
                        + " gives the parameter 'retries', which the route template rest-partner-call does not have (it has: name,"
                        + " service, partner, url, method, idempotencyKey, requestMapping, responseMapping, connectTimeout,"
                        + " responseTimeout)"));
    }

    @Test
    void aServiceFoldersOwnTemplateWithNoParameterSheetStopsTheStart() throws IOException {
        Path file = Files.writeString(service.resolve("vaccination-templates.camel.yaml"), """
                # a template of the service's own
                - routeTemplate:
                    id: vaccination-log
                    parameters:
                      - name: text
                        description: what is logged
                    route:
                      from:
                        uri: "direct:vaccination-log-{{text}}"
                        steps:
                          - log:
                              message: "{{text}}"
                """);

        assertThatThrownBy(this::check).isInstanceOfSatisfying(BrokenRouteFiles.class, refused ->
                assertThat(refused.reasons()).containsExactly(file + ":2: its route templates [vaccination-log] have no"
                        + " parameter sheet vaccination-templates.parameters.yaml"));
    }

    private void check() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("qazeta.home", home.toString())
                .withProperty("qazeta.mappings", "file:" + home.resolve("mappings"))
                // the cards' partners reached at their twins, the fixture's at its stand-in
                .withProperty("qazeta.sandbox.partners-url", "http://localhost:8080")
                .withProperty("qazeta.test.health-registry-url", "http://127.0.0.1:18777");
        RouteFilesAtStartup startup = new RouteFilesAtStartup();
        startup.setEnvironment(environment);
        startup.postProcessBeanFactory(new DefaultListableBeanFactory());
    }
}
