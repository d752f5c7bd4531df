package kz.qazeta.hub.traveller;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A foreigner as every QazETA service receives them: the passport's data page. */
public record Traveller(
        @NotBlank @Pattern(regexp = "[A-Z0-9]{5,20}") String passportNumber,
        @NotNull PassportType passportType,
        @NotBlank @Pattern(regexp = "[A-Z]{3}") String nationality,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[\\p{L} '-]+") String surname,
        @Size(max = 100) @Pattern(regexp = "[\\p{L} '-]*") String givenNames,
        @NotNull @Past LocalDate dateOfBirth,
        @NotNull Sex sex,
        @NotNull LocalDate passportExpiry) {

    public enum PassportType { ORDINARY, DIPLOMATIC, SERVICE }

    public enum Sex { M, F, X }
}
