package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import kz.qazeta.hub.exchange.messagelog.PersonalDataMask;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory.LogMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a folder may claim: its own services and the partners it calls, never a service or a partner the hub's
 * configuration defines, nor one another folder brought; and the configuration still decides what the message log
 * keeps of a folder's service.
 */
class ServiceFolderClaimsTest {

    private static final Path FIXTURE = Path.of("src/test/resources/service-folder/vaccination");

    @Test
    void aFolderCannotTakeOverTheAdminServiceNorAPartnerOfTheConfiguration(@TempDir Path routes) throws IOException {
        folder(routes, "vaccination", card -> card + """
                also-serves:
                  admin:
                    title: Operators' administration, opened to anyone
                    paths: [/api/v1/admin/]
                    callers: [anyone]
                """);
        assertThatThrownBy(() -> folders(routes, Map.of())).isInstanceOf(BrokenRouteFiles.class)
                .hasMessageContaining("also-serves.admin: the service admin is defined by the hub's configuration");

        FileSystemUtils.deleteRecursively(routes.resolve("vaccination"));
        folder(routes, "vaccination", card -> card.replace("  health-registry:\n", "  invitation-registry:\n"));
        assertThatThrownBy(() -> folders(routes, Map.of())).isInstanceOf(BrokenRouteFiles.class)
                .hasMessageContaining("partners.invitation-registry: a partner of the hub's configuration");
    }

    @Test
    void twoFoldersCannotBringOneServiceOrOnePartner(@TempDir Path routes) throws IOException {
        folder(routes, "vaccination", card -> card);
        folder(routes, "vaccination-copy", card -> card.replace("masked-fields:", """
                also-serves:
                  vaccination:
                    title: The same service again
                    paths: [/api/v1/vaccination/]
                masked-fields:"""));
        assertThatThrownBy(() -> folders(routes, Map.of())).isInstanceOf(BrokenRouteFiles.class)
                .hasMessageContaining("also-serves.vaccination: the service vaccination is brought by routes/vaccination already");

        FileSystemUtils.deleteRecursively(routes.resolve("vaccination-copy"));
        folder(routes, "vaccination-copy", card -> card);
        assertThatThrownBy(() -> folders(routes, Map.of())).isInstanceOf(BrokenRouteFiles.class)
                .hasMessageContaining("partners.health-registry: the partner health-registry is brought by routes/vaccination already");
    }

    @Test
    void theConfigurationDecidesWhatTheLogKeepsOfAFoldersService(@TempDir Path routes) throws IOException {
        folder(routes, "vaccination", card -> card);
        ExchangeDirectory directory = folders(routes, Map.of("qazeta.exchange.services.vaccination.message-log", "NONE"));
        assertThat(directory.services().get("vaccination").messageLog()).isEqualTo(LogMode.NONE);
        assertThat(directory.services().get("vaccination").paths()).containsExactly("/api/v1/vaccination/");

        ExchangeDirectory unset = folders(routes, Map.of());
        assertThat(unset.services().get("vaccination").messageLog()).isEqualTo(LogMode.FULL);
    }

    @Test
    void aCardReadAgainTakesBackTheGrantsItNoLongerGivesAndKeepsTheConfigurations(@TempDir Path routes) throws IOException {
        Path card = folder(routes, "vaccination", text -> text.replace("callers: [qazeta-front-door]", "callers: [qazeta-front-door, anyone]"));
        ExchangeDirectory directory = folders(routes, Map.of(), (folders, read) -> {
            assertThat(read.grants("anyone", "vaccination")).isTrue();
            assertThat(read.grants("second-front-door", "vaccination")).isTrue();

            Files.writeString(card, Files.readString(card).replace("callers: [qazeta-front-door, anyone]", "callers: [qazeta-front-door]"));
            Files.setLastModifiedTime(card, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            folders.look();
        });
        assertThat(directory.grants("anyone", "vaccination")).as("no longer a caller on its card").isFalse();
        assertThat(directory.grants("qazeta-front-door", "vaccination")).isTrue();
        // granted by its own entry in the configuration, not by the card
        assertThat(directory.grants("second-front-door", "vaccination")).isTrue();
    }

    private interface Then {
        void accept(ServiceFolders folders, ExchangeDirectory directory) throws IOException;
    }

    private static ExchangeDirectory folders(Path routes, Map<String, Object> settings) throws IOException {
        return folders(routes, settings, (folders, directory) -> { });
    }

    /** The directory after the folders below {@code routes} are read, beside a configuration like the hub's. */
    private static ExchangeDirectory folders(Path routes, Map<String, Object> settings, Then then) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("qazeta.test.health-registry-url", "http://127.0.0.1:9/");
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        ExchangeDirectory directory = new ExchangeDirectory(new java.util.HashMap<>(Map.of(
                "qazeta-front-door", new ExchangeDirectory.Partner("Front door", "0".repeat(64), List.of(), List.of(), 0, null, null, List.of()),
                "anyone", new ExchangeDirectory.Partner("Anyone", null, List.of(), List.of(), 0, null, null, List.of()),
                "second-front-door", new ExchangeDirectory.Partner("Second front door", "1".repeat(64), List.of("vaccination"),
                        List.of(), 0, null, null, List.of()),
                "invitation-registry", new ExchangeDirectory.Partner("Invitation registry", null, List.of(),
                        List.of("cxf://bean:invitationRegistry"), 0, null, null, List.of()))),
                new java.util.HashMap<>(Map.of("admin", new ExchangeDirectory.Service("Admin", List.of("/api/v1/admin/"), null, LogMode.METADATA))),
                50, null);
        var none = new DefaultListableBeanFactory();
        ServiceFolders folders = new ServiceFolders(routes, false, environment, directory,
                new PersonalDataMask(List.of("passportNumber")), new ServiceTexts(-1), none.getBeanProvider(javax.sql.DataSource.class),
                none.getBeanProvider(org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer.class), event -> { });
        then.accept(folders, directory);
        return directory;
    }

    private static Path folder(Path routes, String name, UnaryOperator<String> change) throws IOException {
        Path folder = routes.resolve(name);
        FileSystemUtils.copyRecursively(FIXTURE, folder);
        Path card = folder.resolve(ServiceFolder.CARD);
        return Files.writeString(card, change.apply(Files.readString(card)));
    }
}
