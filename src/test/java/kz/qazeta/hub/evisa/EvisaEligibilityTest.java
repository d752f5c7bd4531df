package kz.qazeta.hub.evisa;

import java.time.LocalDate;
import java.util.List;

import kz.qazeta.hub.traveller.Traveller;
import kz.qazeta.hub.traveller.Traveller.PassportType;
import kz.qazeta.hub.traveller.Traveller.Sex;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.reference.EvisaNationalities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The e-Visa rules alone, on the shipped reference data. */
class EvisaEligibilityTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    private final EvisaReferenceData reference = new EvisaReferenceData(
            new EvisaNationalities(new ClassPathResource("reference/evisa-countries.csv")),
            new ClassPathResource("reference/international-airports.csv"),
            List.of("A3", "A5", "B1", "B2", "B3", "B9-1", "B10", "B12", "C12"));
    private final EvisaEligibility eligibility = new EvisaEligibility(reference);

    @Test
    void theSeedListCoversItsPassports() {
        // 104 entries; entry 41 covers Hong Kong, Macao and Taiwan passports
        assertThat(reference.nationalityCount()).isEqualTo(106);
        assertThat(reference.isEligibleNationality("HKG")).isTrue();
        assertThat(reference.isEligibleNationality("TWN")).isTrue();
        assertThat(reference.isEligibleNationality("DEU")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A3", "A5", "B1", "B2", "B3", "B9-1", "B10", "B12", "C12"})
    void everySeedCategoryIsAccepted(String category) {
        assertThatNoException().isThrownBy(() -> eligibility.check(request("JAM", category, "INV-1", "NQZ"), TODAY));
    }

    @Test
    void eachRuleRefusesWithItsName() {
        assertRefused(request("DEU", "B12", "INV-1", "ALA"), "nationality-not-eligible");
        assertRefused(request("JAM", "C1", "INV-1", "ALA"), "category-unknown");
        assertRefused(request("JAM", "B12", " ", "ALA"), "invitation-required");
        assertRefused(request("JAM", "B12", null, "ALA"), "invitation-required");
        assertRefused(request("JAM", "B12", "INV-1", "SVO"), "entry-point-not-allowed");
    }

    @Test
    void theEntryDateMustBeAheadAndThePassportValidOnIt() {
        var base = request("JAM", "B12", "INV-1", "ALA");
        var today = new EvisaApplicationRequest(base.applicant(), "B12", "INV-1", TODAY, "ALA", null);
        assertRefused(today, "entry-date-not-in-future");

        var a = base.applicant();
        var shortPassport = new Traveller(a.passportNumber(), a.passportType(), a.nationality(), a.surname(),
                a.givenNames(), a.dateOfBirth(), a.sex(), base.intendedEntryDate());
        assertRefused(new EvisaApplicationRequest(shortPassport, "B12", "INV-1", base.intendedEntryDate(), "ALA", null),
                "passport-not-valid-for-entry");
    }

    @Test
    void companionsAreRefused() {
        var base = request("JAM", "B12", "INV-1", "ALA");
        assertRefused(new EvisaApplicationRequest(base.applicant(), "B12", "INV-1", base.intendedEntryDate(), "ALA",
                List.of("a child")), "companions-not-allowed");
    }

    private void assertRefused(EvisaApplicationRequest request, String rule) {
        assertThatThrownBy(() -> eligibility.check(request, TODAY))
                .isInstanceOfSatisfying(HubProblem.class, p -> {
                    assertThat(p.type()).isEqualTo(rule);
                    assertThat(p.status()).isEqualTo(422);
                });
    }

    private static EvisaApplicationRequest request(String nationality, String category, String invitation, String airport) {
        return new EvisaApplicationRequest(new Traveller("N1234567", PassportType.ORDINARY, nationality, "BROWN", "ALEX",
                LocalDate.of(1990, 5, 17), Sex.M, LocalDate.of(2031, 1, 1)), category, invitation,
                TODAY.plusDays(20), airport, null);
    }
}
