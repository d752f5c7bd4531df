package kz.qazeta.hub.architecture;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries ARCHITECTURE.md draws, as rules the build checks: the services do not use each other (what they share
 * lives in {@code exchange}, {@code traveller} or {@code reference}); {@code exchange} and the operators' side know no
 * service; the platform (route files, mappings, start-up, the cluster's singleton work and the application class itself)
 * knows no service; the sandbox twins use nothing of the hub but the contracts a real partner shares with it (the generated
 * {@code kz.qazeta.contracts} types); and nothing of the hub uses the twins.
 */
class ArchitectureBoundariesTest {

    /** The services, each a package of its own rules and state. */
    static final List<String> SERVICES = List.of("evisa", "eta", "eresidency", "border", "imei", "payment");

    /**
     * The uses of a service by another that the seed itself makes: the IMEI verification is done on the strength of a
     * border-crossing certificate (it reads the certificate through the border service's Java API), and the e-Visa's
     * fee is asked for and checked through the payment service.
     */
    static final List<String> ALLOWED = List.of("imei->border", "evisa->payment");

    /** The platform: what runs the hub and loads the services' files, whatever the services are. */
    static final List<String> PLATFORM = List.of("routefiles", "mappings", "startup", "cluster");

    private static JavaClasses hub;

    @BeforeAll
    static void importTheHub() {
        hub = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("kz.qazeta.hub");
    }

    @Test
    void servicesDoNotUseEachOther() {
        List<ArchRule> rules = SERVICES.stream().map(service -> (ArchRule) noClasses()
                .that().resideInAPackage(pkg(service))
                .should().dependOnClassesThat().resideInAnyPackage(packages(SERVICES.stream()
                        .filter(s -> !s.equals(service) && !ALLOWED.contains(service + "->" + s))))
                .as("the service " + service + " uses no other service")).toList();
        CompositeArchRule.of(rules).check(hub);
    }

    @Test
    void theSharedLayersKnowNoService() {
        CompositeArchRule.of(Stream.of("exchange", "traveller", "reference", "operations").map(shared -> (ArchRule) noClasses()
                .that().resideInAPackage(pkg(shared))
                .should().dependOnClassesThat().resideInAnyPackage(packages(SERVICES.stream()))
                .as(shared + " knows no service")).toList()).check(hub);
    }

    /**
     * The platform loads and checks what the services declare (route files, mappings, service folders) and runs the
     * hub (start-up, the cluster's singleton work, {@code HubApplication}); it learns of a service from its files and
     * configuration, never from its classes, so a service is added or removed without touching it.
     */
    @Test
    void thePlatformKnowsNoService() {
        List<ArchRule> rules = Stream.concat(PLATFORM.stream().map(platform -> (ArchRule) noClasses()
                        .that().resideInAPackage(pkg(platform))
                        .should().dependOnClassesThat().resideInAnyPackage(packages(SERVICES.stream()))
                        .as(platform + " knows no service")),
                Stream.of((ArchRule) noClasses()
                        .that().resideInAPackage("kz.qazeta.hub")
                        .should().dependOnClassesThat().resideInAnyPackage(packages(SERVICES.stream()))
                        .as("the classes of kz.qazeta.hub itself know no service"))).toList();
        CompositeArchRule.of(rules).check(hub);
    }

    @Test
    void theTwinsShareOnlyTheContractsWithTheHub() {
        noClasses().that().resideInAPackage(pkg("sandbox"))
                .should().dependOnClassesThat(resideInAPackage("kz.qazeta.hub..").and(not(resideInAPackage(pkg("sandbox")))))
                .as("the sandbox twins use nothing of the hub (only the contracts in kz.qazeta.contracts)")
                .check(hub);
    }

    @Test
    void nothingOfTheHubUsesTheTwins() {
        noClasses().that().resideInAPackage("kz.qazeta.hub..").and().resideOutsideOfPackage(pkg("sandbox"))
                .should().dependOnClassesThat().resideInAPackage(pkg("sandbox"))
                .check(hub);
    }

    private static String pkg(String name) {
        return "kz.qazeta.hub." + name + "..";
    }

    private static String[] packages(Stream<String> names) {
        return names.map(ArchitectureBoundariesTest::pkg).toArray(String[]::new);
    }
}
