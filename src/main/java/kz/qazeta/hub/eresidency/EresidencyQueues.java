package kz.qazeta.hub.eresidency;

import kz.qazeta.hub.eresidency.EresidencyApplications.Step;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own queues of the onboarding ({@code qazeta.eresidency.queues}): one per step, and the cancellations. */
@ConfigurationProperties("qazeta.eresidency.queues")
public record EresidencyQueues(String iin, String bankAccount, String esim, String company, String compensate) {

    public String of(Step step) {
        return switch (step) {
            case IIN -> iin;
            case BANK_ACCOUNT -> bankAccount;
            case ESIM -> esim;
            case COMPANY -> company;
        };
    }
}
