package kz.qazeta.hub.exchange.partners;

import java.util.ArrayList;
import java.util.List;

import kz.qazeta.hub.exchange.HubProblem;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Whose records a caller reaches. Every record a partner creates (an application, a certificate, a policy) keeps the
 * partner as its owner; only the owner reads or changes it, and a partner whose entry lists others in
 * {@code reads-records-of} also reads theirs. A record out of reach is answered as one that does not exist.
 * The caller is the partner {@link PartnerGate} admitted, in the header it sets over whatever the request carried.
 */
@Component("recordOwners")
public class RecordOwners {

    /** The exchange properties a route's SQL names (see {@link #remember}). */
    public static final String OWNER = "recordOwner";
    public static final String READABLE = "readableOwners";

    private final ExchangeDirectory directory;

    public RecordOwners(ExchangeDirectory directory) {
        this.directory = directory;
    }

    /** The calling partner: the owner of what it creates, and the only one that changes it. */
    public String caller(Message message) {
        // one value only: a second one (a query parameter of the same name) is not the gate's word
        if (!(message.getHeader(PartnerGate.PARTNER) instanceof String partner) || !directory.partners().containsKey(partner)) {
            throw HubProblem.forbidden();
        }
        return partner;
    }

    /** The owners whose records the caller reads: itself, then those its entry names in {@code reads-records-of}. */
    public List<String> readable(Message message) {
        String caller = caller(message);
        List<String> owners = new ArrayList<>(List.of(caller));
        owners.addAll(directory.partners().get(caller).readsRecordsOf());
        return owners;
    }

    /** For routes whose SQL checks the owner: the caller and its readable owners as exchange properties, once. */
    public void remember(Exchange exchange) {
        if (exchange.getProperty(OWNER) == null) {
            exchange.setProperty(READABLE, readable(exchange.getMessage()));
            exchange.setProperty(OWNER, caller(exchange.getMessage()));
        }
    }
}
