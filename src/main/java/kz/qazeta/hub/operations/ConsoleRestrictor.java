package kz.qazeta.hub.operations;

import java.util.List;
import java.util.Locale;

import javax.management.ObjectName;

import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What a signed-in console user may do through Jolokia (and so through Hawtio), decided per request from the
 * Spring Security sign-in of the request's thread. A viewer reads attributes, lists, searches, and calls the
 * operations that only report (Camel's {@code dump...}, Artemis' {@code browse}, {@code list...}, {@code count...},
 * ...); writing an attribute or any other operation (stopping or starting a route, retrying or moving dead letters,
 * purging a queue) is an operator's, and only in a POST (Jolokia also takes operations as GET links, which a foreign
 * page could make a signed-in browser follow). Jolokia answers a refusal with status 403.
 * Configured as Jolokia's {@code restrictorClass}.
 */
public class ConsoleRestrictor extends AllowAllRestrictor {

    /** Operations a viewer may call: they report and change nothing. */
    private static final List<String> REPORTING = List.of("dump", "browse", "list", "count", "get", "is", "has",
            "canInvoke", "explain", "first", "peek");

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type != RequestType.WRITE || operatorPosting();
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return operatorPosting();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return reporting(operation) || operatorPosting();
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return true;
    }

    static boolean reporting(String operation) {
        String name = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        return REPORTING.stream().anyMatch(prefix -> name.startsWith(prefix)
                && (name.length() == prefix.length() || !Character.isLowerCase(name.charAt(prefix.length()))));
    }

    private static boolean operatorPosting() {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean operator = user != null && user.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + OperationsSettings.OPERATOR));
        return operator && posted();
    }

    private static boolean posted() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && "POST".equals(request.getRequest().getMethod().toUpperCase(Locale.ROOT));
    }
}
