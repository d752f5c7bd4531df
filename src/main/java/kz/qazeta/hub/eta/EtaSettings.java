package kz.qazeta.hub.eta;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ETA's configuration ({@code qazeta.eta.*}).
 *
 * @param minimumNotice  how long before the planned arrival the application must arrive (72 hours)
 * @param validityDays   how long an issued ETA is valid, from its issue date (180 days)
 * @param mandatoryFrom  per nationality (ISO 3166-1 alpha-3), the date from which the ETA is mandatory; during the
 *                       pilot a nationality without a date has the ETA recommended, not mandatory
 */
@ConfigurationProperties("qazeta.eta")
public record EtaSettings(Duration minimumNotice, int validityDays, Map<String, LocalDate> mandatoryFrom) {

    public EtaSettings {
        minimumNotice = minimumNotice == null ? Duration.ofHours(72) : minimumNotice;
        validityDays = validityDays == 0 ? 180 : validityDays;
        mandatoryFrom = mandatoryFrom == null ? Map.of() : Map.copyOf(mandatoryFrom);
    }
}
