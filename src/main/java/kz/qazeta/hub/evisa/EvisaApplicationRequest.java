package kz.qazeta.hub.evisa;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import kz.qazeta.hub.traveller.Traveller;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the front door sends to apply for an e-Visa (see {@code routes/evisa/contract/evisa.yaml}). */
public record EvisaApplicationRequest(
        @NotNull @Valid Traveller applicant,
        @NotBlank @Size(max = 10) String category,
        @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9/-]*") String invitationNumber,
        @NotNull LocalDate intendedEntryDate,
        @NotBlank @Pattern(regexp = "[A-Z]{3}") String arrivalAirport,
        // an e-Visa is for its holder alone: the field exists only to refuse it with the rule's name
        List<Object> companions) {
}
