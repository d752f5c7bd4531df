package kz.qazeta.hub.exchange.partners;

import java.util.Set;

/**
 * Published when partners the hub calls were added to the {@link ExchangeDirectory} while it runs (a service folder
 * taken up with route reload on), so what is made per partner at start-up (its circuit) is made for them too.
 *
 * @param partners their ids
 */
public record PartnersAdded(Set<String> partners) {
}
