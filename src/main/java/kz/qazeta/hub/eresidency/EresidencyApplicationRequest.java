package kz.qazeta.hub.eresidency;

import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import kz.qazeta.hub.traveller.Traveller;

/** What the front door sends to apply for AIFC e-Residency: who applies, how to reach them, and what they ask for. */
public record EresidencyApplicationRequest(@NotNull @Valid Traveller applicant, @NotNull @Valid Contact contact,
                                           @NotNull @Valid Services services) {

    public record Contact(@NotBlank @Email @Size(max = 200) String email,
                          @NotBlank @Pattern(regexp = "\\+[1-9][0-9]{6,14}") String phone) {
    }

    /**
     * The services asked for. The IIN comes first and always: every other service needs it.
     *
     * @param iin must be true (or left out): the service refuses false
     */
    public record Services(Boolean iin, @Valid BankAccount bankAccount, @Valid Esim esim, @Valid Company company) {
    }

    /** An account at a partner bank ("default": the configured default bank), with a payment card or not. */
    public record BankAccount(@Size(max = 60) String bank, boolean card) {
    }

    /** An e-SIM from a mobile operator ("default": the configured default operator). */
    public record Esim(@Size(max = 60) String operator) {
    }

    /** A private company in the AIFC: its name, activity (an OKED code such as 62.01), share capital in KZT and address. */
    public record Company(@NotBlank @Size(max = 200) String name,
                          @NotBlank @Pattern(regexp = "[0-9]{2}(\\.[0-9]{1,2}){0,2}") String activity,
                          @NotNull @DecimalMin("0") @Digits(integer = 15, fraction = 2) BigDecimal shareCapital,
                          @NotBlank @Size(max = 300) String address) {
    }
}
