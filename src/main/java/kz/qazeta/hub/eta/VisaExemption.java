package kz.qazeta.hub.eta;

import java.time.LocalDate;

/** Whether a nationality is exempt from Kazakhstan's visa requirement on a given day. */
public interface VisaExemption {

    boolean isExempt(String iso3, LocalDate on);
}
