package kz.qazeta.hub.border;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;

/**
 * What the front door sends to ask for a border-crossing certificate (see {@code routes/border-certificate/contract/border-crossings.yaml}):
 * the person's document, nationality and date of birth, which must all match the Border Service's records, and
 * the period asked about (whole days, Astana time, both ends included).
 */
public record BorderCertificateRequest(
        @NotNull @Valid Document document,
        @NotBlank @Pattern(regexp = "[A-Z]{3}") String nationality,
        @NotNull @Past LocalDate dateOfBirth,
        @NotNull @Valid Period period) {

    public enum DocumentType { PASSPORT, ID_CARD, TRAVEL_DOCUMENT }

    public record Document(
            @NotNull DocumentType type,
            @NotBlank @Pattern(regexp = "[A-Z0-9]{5,20}") String number,
            @NotBlank @Pattern(regexp = "[A-Z]{3}") String issuingCountry) {
    }

    public record Period(@NotNull LocalDate from, @NotNull LocalDate to) {
    }
}
