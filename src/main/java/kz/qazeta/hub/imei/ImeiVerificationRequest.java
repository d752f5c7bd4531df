package kz.qazeta.hub.imei;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What the front door sends to have phones' IMEIs verified (see {@code routes/imei/contract/imei.yaml}): a border-crossing
 * certificate that shows an entry, and a few IMEIs.
 */
public record ImeiVerificationRequest(@NotBlank @Size(max = 36) String certificateId, @NotNull List<String> imeis) {
}
