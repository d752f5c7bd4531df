package kz.qazeta.hub.exchange;

/**
 * A partner answered with JSON the hub does not believe: more than one value, a key twice, or not JSON at all. A
 * partner failure (the caller gets 502 naming the partner), never an answer read as far as it goes.
 */
public class PartnerAnswerRefused extends RuntimeException {

    private final String partner;

    public PartnerAnswerRefused(String partner, JsonBodies.Flaw flaw) {
        super("The answer of " + partner + " is not one JSON value without repeated keys: "
                + flaw.reason() + " at " + flaw.field());
        this.partner = partner;
    }

    public String partner() {
        return partner;
    }
}
