package kz.qazeta.hub.eta;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

import kz.qazeta.hub.eta.EtaRules.Requirement;
import kz.qazeta.hub.reference.EvisaNationalities;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.traveller.Traveller;
import kz.qazeta.hub.traveller.Traveller.PassportType;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ETA rules alone, at their edges, on the shipped e-Visa list and a small visa-exempt list. */
class EtaRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-31T10:30:00Z");
    private static final Set<String> EXEMPT = Set.of("DEU", "IND", "USA");

    private final EtaRules rules = new EtaRules((iso3, day) -> EXEMPT.contains(iso3),
            new EvisaNationalities(new ClassPathResource("reference/evisa-countries.csv")),
            new EtaSettings(Duration.ofHours(72), 180, Map.of("DEU", LocalDate.of(2027, 7, 1))));

    @Test
    void exactly72HoursAheadIsInTimeAndOneMinuteLessIsNot() {
        OffsetDateTime exactly = OffsetDateTime.parse("2027-01-03T15:30:00+05:00");   // NOW + 72 h
        assertThatNoException().isThrownBy(() -> rules.check(request("DEU", exactly), NOW));

        assertThatThrownBy(() -> rules.check(request("DEU", exactly.minusMinutes(1)), NOW))
                .isInstanceOfSatisfying(HubProblem.class, p -> {
                    assertThat(p.type()).isEqualTo("eta-too-late");
                    assertThat(p.args()).containsExactly(0L, 1L, "2026-12-31 15:29");   // missed by 0 h 1 min, Astana time
                });
    }

    @Test
    void anOffsetThatCrossesMidnightIsJudgedOnTheInstant() {
        // 00:30 on 4 January at +14:00 is 10:30 UTC on 3 January: exactly 72 hours after NOW
        OffsetDateTime farEast = OffsetDateTime.parse("2027-01-04T00:30:00+14:00");
        assertThatNoException().isThrownBy(() -> rules.check(request("DEU", farEast), NOW));
        assertThatThrownBy(() -> rules.check(request("DEU", farEast.minusSeconds(1)), NOW))
                .isInstanceOfSatisfying(HubProblem.class, p -> assertThat(p.args()[1]).isEqualTo(1L));
        // and 23:30 the day before at -10:00 is the same instant too
        assertThatNoException().isThrownBy(() -> rules.check(
                request("DEU", OffsetDateTime.parse("2027-01-03T00:30:00-10:00")), NOW));
    }

    @Test
    void anEtaIsValidOnIts180thDayAfterIssueAndNotOnThe181st() {
        var validity = rules.validity(LocalDate.of(2026, 11, 25));

        assertThat(validity.until()).isEqualTo(LocalDate.of(2027, 5, 24));
        assertThat(validity.covers(LocalDate.of(2026, 11, 25).plusDays(180))).isTrue();
        assertThat(validity.covers(LocalDate.of(2026, 11, 25).plusDays(181))).isFalse();
        assertThat(validity.covers(LocalDate.of(2026, 11, 24))).isFalse();
    }

    @Test
    void anArrivalAfterTheEtaWouldExpireIsRefused() {
        // issued on 31 December (Astana), an ETA lasts until 29 June: arriving on the 180th day is fine, the 181st is not
        assertThatNoException().isThrownBy(() -> rules.check(
                request("DEU", OffsetDateTime.parse("2027-06-29T23:00:00+05:00")), NOW));
        assertThatThrownBy(() -> rules.check(request("DEU", OffsetDateTime.parse("2027-06-30T08:00:00+05:00")), NOW))
                .isInstanceOfSatisfying(HubProblem.class, p -> {
                    assertThat(p.type()).isEqualTo("eta-too-early");
                    assertThat(p.args()).containsExactly(180, LocalDate.of(2027, 6, 29));
                });
    }

    @Test
    void everyExemptionIsNamed() {
        assertThat(rules.exemption(traveller("DEU", PassportType.DIPLOMATIC), false, false)).hasValue("diplomatic-passport");
        assertThat(rules.exemption(traveller("DEU", PassportType.SERVICE), false, false)).hasValue("service-passport");
        assertThat(rules.exemption(traveller("DEU", PassportType.ORDINARY), true, false)).hasValue("official-delegation");
        assertThat(rules.exemption(traveller("DEU", PassportType.ORDINARY), false, true)).hasValue("accredited-diplomat");
        assertThat(rules.exemption(traveller("DEU", PassportType.ORDINARY), false, false)).isEmpty();
    }

    @Test
    void onlyVisaExemptNationalsMayApplyAndTheOthersAreToldWhereToGo() {
        OffsetDateTime later = OffsetDateTime.parse("2027-02-01T10:00:00+05:00");
        // India is on both lists: an ETA for a short stay is fine
        assertThatNoException().isThrownBy(() -> rules.check(request("IND", later), NOW));
        // Jamaica: not visa-exempt, on the e-Visa list
        assertThatThrownBy(() -> rules.check(request("JAM", later), NOW)).isInstanceOfSatisfying(HubProblem.class,
                p -> assertThat(p.type()).isEqualTo("nationality-visa-required"))
                .satisfies(e -> assertThat(((HubProblem) e).args()).containsExactly("JAM", 1));
        // Afghanistan: on neither list, a consulate visa
        assertThatThrownBy(() -> rules.check(request("AFG", later), NOW))
                .satisfies(e -> assertThat(((HubProblem) e).args()).containsExactly("AFG", 0));
    }

    @Test
    void requirementsFollowThePilotSchedule() {
        assertThat(rules.requirement("DEU", OffsetDateTime.parse("2027-06-30T23:00:00+05:00"), PassportType.ORDINARY)
                .requirement()).isEqualTo(Requirement.RECOMMENDED);
        assertThat(rules.requirement("DEU", OffsetDateTime.parse("2027-07-01T00:30:00+05:00"), PassportType.ORDINARY)
                .requirement()).isEqualTo(Requirement.MANDATORY);
        assertThat(rules.requirement("USA", OffsetDateTime.parse("2027-07-01T00:30:00+05:00"), PassportType.ORDINARY)
                .requirement()).isEqualTo(Requirement.RECOMMENDED);
        assertThat(rules.requirement("DEU", OffsetDateTime.parse("2027-07-01T00:30:00+05:00"), PassportType.DIPLOMATIC)
                .requirement()).isEqualTo(Requirement.NOT_NEEDED);
        assertThat(rules.requirement("JAM", OffsetDateTime.parse("2027-07-01T00:30:00+05:00"), PassportType.ORDINARY))
                .isEqualTo(new EtaRules.Answer(Requirement.NOT_ELIGIBLE, "visa-required-evisa-available"));
    }

    private static EtaApplicationRequest request(String nationality, OffsetDateTime arrival) {
        return new EtaApplicationRequest(traveller(nationality, PassportType.ORDINARY), arrival, "TOURISM", false, false);
    }

    private static Traveller traveller(String nationality, PassportType type) {
        return new Traveller("E1234567", type, nationality, "SMITH", "JO", LocalDate.of(1985, 2, 3), Traveller.Sex.F,
                LocalDate.of(2032, 1, 1));
    }
}
