package kz.qazeta.hub.eta;

import java.time.OffsetDateTime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import kz.qazeta.hub.traveller.Traveller;

/**
 * What the front door sends to apply for an ETA (see {@code routes/eta/contract/eta.yaml}). The planned arrival carries
 * its UTC offset: a time without one is refused as malformed.
 */
public record EtaApplicationRequest(
        @NotNull @Valid Traveller traveller,
        @NotNull OffsetDateTime plannedArrival,
        @NotBlank @Pattern(regexp = "[A-Z_]{2,40}") String purpose,
        boolean officialDelegationMember,
        boolean accreditedDiplomat) {
}
