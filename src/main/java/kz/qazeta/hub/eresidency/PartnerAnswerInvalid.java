package kz.qazeta.hub.eresidency;

/**
 * A partner answered, but with something the hub cannot accept (an IIN or BIN whose check digit is wrong, a
 * missing field): a partner error like a 5xx, retried and in the end failing the step, never a success.
 */
public class PartnerAnswerInvalid extends RuntimeException {

    public PartnerAnswerInvalid(String message) {
        super(message);
    }
}
