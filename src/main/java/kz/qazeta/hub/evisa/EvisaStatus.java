package kz.qazeta.hub.evisa;

import java.util.EnumSet;
import java.util.Set;

/** Where an e-Visa application stands. */
public enum EvisaStatus {
    RECEIVED,
    /** the registry could not be asked (fault, time-out, circuit open): the hub asks again later */
    INVITATION_CHECK_PENDING,
    INVITATION_VERIFIED,
    AWAITING_PAYMENT,
    PAID,
    ISSUANCE_REQUESTED,
    ISSUED,
    REFUSED,
    /** the invitation did not back this application */
    REJECTED;

    /**
     * Statuses the resume poller watches: the hub owes the next step, or (ISSUANCE_REQUESTED) a decision is
     * overdue and the request is sent again.
     */
    public static final Set<EvisaStatus> RESUMABLE =
            EnumSet.of(RECEIVED, INVITATION_CHECK_PENDING, INVITATION_VERIFIED, PAID, ISSUANCE_REQUESTED);

    public boolean isFinal() {
        return this == ISSUED || this == REFUSED || this == REJECTED;
    }
}
