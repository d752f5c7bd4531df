package kz.qazeta.hub.eta;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import kz.qazeta.hub.reference.EvisaNationalities;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.traveller.Traveller;
import kz.qazeta.hub.traveller.Traveller.PassportType;
import org.springframework.stereotype.Component;

/**
 * The seed's ETA rules: who needs none (diplomatic and service passports, official delegations, accredited
 * diplomats), who may have one (visa-exempt nationals, by the list in effect on the day of arrival), how early
 * (72 hours before the planned arrival, checked on the instant and said in Astana time), and how long it lasts.
 */
@Component
public class EtaRules {

    public static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");

    public enum Requirement { MANDATORY, RECOMMENDED, NOT_NEEDED, NOT_ELIGIBLE }

    /** What a traveller must do, and why (a stable code). */
    public record Answer(Requirement requirement, String reason) {
    }

    public record Validity(LocalDate from, LocalDate until) {

        public boolean covers(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(until);
        }
    }

    private final VisaExemption visaExempt;
    private final EvisaNationalities evisaCountries;
    private final EtaSettings settings;

    public EtaRules(VisaExemption visaExempt, EvisaNationalities evisaCountries, EtaSettings settings) {
        this.visaExempt = visaExempt;
        this.evisaCountries = evisaCountries;
        this.settings = settings;
    }

    /** Why this traveller needs no ETA at all, if that is so. */
    public Optional<String> exemption(Traveller traveller, boolean officialDelegation, boolean accreditedDiplomat) {
        if (traveller.passportType() == PassportType.DIPLOMATIC) {
            return Optional.of("diplomatic-passport");
        }
        if (traveller.passportType() == PassportType.SERVICE) {
            return Optional.of("service-passport");
        }
        if (officialDelegation) {
            return Optional.of("official-delegation");
        }
        return accreditedDiplomat ? Optional.of("accredited-diplomat") : Optional.empty();
    }

    /** Throws a 422 naming the first rule the application breaks. */
    public void check(EtaApplicationRequest request, Instant now) {
        Traveller traveller = request.traveller();
        LocalDate arrivalDay = request.plannedArrival().atZoneSameInstant(ASTANA).toLocalDate();
        if (!visaExempt.isExempt(traveller.nationality(), arrivalDay)) {
            throw HubProblem.refusal("nationality-visa-required", traveller.nationality(),
                    evisaCountries.contains(traveller.nationality()) ? 1 : 0);
        }
        Duration notice = Duration.between(now, request.plannedArrival().toInstant());
        if (notice.compareTo(settings.minimumNotice()) < 0) {
            Duration missed = settings.minimumNotice().minus(notice);
            long minutes = (missed.toSeconds() + 59) / 60;
            String deadline = request.plannedArrival().minus(settings.minimumNotice()).atZoneSameInstant(ASTANA)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            throw HubProblem.refusal("eta-too-late", minutes / 60, minutes % 60, deadline);
        }
        // an ETA issued now must still be valid on the day of arrival
        LocalDate lastValidDay = validity(now.atZone(ASTANA).toLocalDate()).until();
        if (arrivalDay.isAfter(lastValidDay)) {
            throw HubProblem.refusal("eta-too-early", settings.validityDays(), lastValidDay);
        }
        if (!traveller.passportExpiry().isAfter(arrivalDay)) {
            throw HubProblem.refusal("passport-not-valid-for-entry", traveller.passportExpiry());
        }
    }

    /** What an ETA issued on this Astana day is valid for: from that day, {@code validity-days} days on. */
    public Validity validity(LocalDate issued) {
        return new Validity(issued, issued.plusDays(settings.validityDays()));
    }

    /** Whether a traveller of this nationality, arriving then, must, may or need not hold an ETA. */
    public Answer requirement(String nationality, OffsetDateTime arrival, PassportType passportType) {
        if (passportType == PassportType.DIPLOMATIC || passportType == PassportType.SERVICE) {
            return new Answer(Requirement.NOT_NEEDED, passportType == PassportType.DIPLOMATIC
                    ? "diplomatic-passport" : "service-passport");
        }
        LocalDate day = arrival.atZoneSameInstant(ASTANA).toLocalDate();
        if (!visaExempt.isExempt(nationality, day)) {
            return new Answer(Requirement.NOT_ELIGIBLE, evisaCountries.contains(nationality)
                    ? "visa-required-evisa-available" : "visa-required");
        }
        LocalDate mandatoryFrom = settings.mandatoryFrom().get(nationality);
        return mandatoryFrom != null && !day.isBefore(mandatoryFrom)
                ? new Answer(Requirement.MANDATORY, "mandatory-since-" + mandatoryFrom)
                : new Answer(Requirement.RECOMMENDED, "pilot-recommended");
    }
}
