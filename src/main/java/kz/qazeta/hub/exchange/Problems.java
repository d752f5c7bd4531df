package kz.qazeta.hub.exchange;

import org.springframework.stereotype.Component;

/**
 * The hub's problems for routes built from configuration: a route refuses with
 * {@code bean: {ref: problems, method: "refusal('insurance-not-issued')"}} and the front door answers the
 * problem, its title and detail looked up in {@code i18n/problems} in the caller's language like any other.
 */
@Component("problems")
public class Problems {

    /** 422: a rule of the service refuses the request. */
    public void refusal(String rule) {
        throw HubProblem.refusal(rule);
    }

    /** 404: what the request names does not exist. */
    public void notFound(String type, String what) {
        throw HubProblem.notFound(type, what);
    }

    /** 503: a partner the request needs cannot be reached now. */
    public void unavailable(String partner) {
        throw HubProblem.unavailable(partner);
    }

    /** 400: a field the schema cannot check (a reference to configuration, say) is wrong. */
    public void invalid(String field, String reason) {
        throw HubProblem.invalidRequest(field, reason);
    }
}
