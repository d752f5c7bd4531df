package kz.qazeta.hub.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

import javax.management.ObjectName;

import jakarta.servlet.http.HttpServletRequest;
import org.jolokia.server.core.restrictor.DenyAllRestrictor;
import org.jolokia.server.core.restrictor.RestrictorFactory;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ObjectUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What a signed-in console user may do through Jolokia (and so through Hawtio), decided per request from the
 * Spring Security sign-in of the request's thread and one Jolokia policy file per role:
 * {@code console/jolokia-viewer-access.xml} (read, list, search, and an allow-list of operations that report and
 * change nothing) and {@code console/jolokia-operator-access.xml} (everything but the JVM's heap dumps, diagnostic
 * commands and settings). An operator's write, and any operation the viewer's policy does not allow, also needs a
 * POST: Jolokia takes operations as GET links too, which a foreign page could make a signed-in browser follow, while
 * a POST carries the login's CSRF token ({@link ConsoleSecurity}). Anyone else may do nothing. Jolokia answers a
 * refusal with status 403. Only the hub's own origin is answered ({@code Access-Control-Allow-Origin}) or let in
 * (Jolokia's strict checking): the origin a browser names must be the scheme, host and port of the request itself.
 * Configured as Jolokia's {@code restrictorClass}.
 */
public class ConsoleRestrictor implements Restrictor {

    private static final Restrictor VIEWER = policy("classpath:/console/jolokia-viewer-access.xml");
    private static final Restrictor OPERATOR = policy("classpath:/console/jolokia-operator-access.xml");
    private static final Restrictor NOBODY = new DenyAllRestrictor();

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return policy().isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return policy().isTypeAllowed(type) && (type != RequestType.WRITE || posted());
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return policy().isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return has(OperationsSettings.OPERATOR) && posted() && OPERATOR.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        String bare = withoutSignature(operation);
        if ((has(OperationsSettings.VIEWER) || has(OperationsSettings.OPERATOR))
                && VIEWER.isOperationAllowed(name, bare)) {
            return true;
        }
        return has(OperationsSettings.OPERATOR) && posted() && OPERATOR.isOperationAllowed(name, bare);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // who may come in is the login's to decide (ConsoleSecurity)
        return true;
    }

    /**
     * {@code origin} is the request's {@code Origin}, or its {@code Referer} when it has none. A request naming
     * neither comes from no browser page (a script with HTTP Basic): Jolokia's strict check lets it through, and it
     * gets no CORS header.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        if (origin == null) {
            return onlyWhenStrictCheckingIsEnabled;
        }
        return request().map(request -> sameOrigin(request, origin)).orElse(false);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    @Override
    public boolean ignoreScheme() {
        return false;
    }

    /** The policy of the signed-in user's highest role. */
    private static Restrictor policy() {
        if (has(OperationsSettings.OPERATOR)) {
            return OPERATOR;
        }
        return has(OperationsSettings.VIEWER) ? VIEWER : NOBODY;
    }

    /** Jolokia names an operation with its signature when the caller gave one: the policies name it without. */
    static String withoutSignature(String operation) {
        int signature = operation.indexOf('(');
        return signature < 0 ? operation : operation.substring(0, signature);
    }

    static boolean sameOrigin(HttpServletRequest request, String origin) {
        UriComponents named;
        try {
            named = UriComponentsBuilder.fromUriString(origin).build();
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = request.getScheme();
        return named.getScheme() != null && named.getScheme().toLowerCase(Locale.ROOT).equals(scheme)
                && ObjectUtils.nullSafeEquals(request.getServerName(), named.getHost())
                && port(scheme, request.getServerPort()) == port(named.getScheme(), named.getPort());
    }

    private static int port(String scheme, int port) {
        if (port == -1) {
            return "https".equalsIgnoreCase(scheme) ? 443 : 80;
        }
        return port;
    }

    private static boolean has(String role) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        return user != null && user.isAuthenticated()
                && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
    }

    private static boolean posted() {
        return request().map(r -> "POST".equals(r.getMethod().toUpperCase(Locale.ROOT))).orElse(false);
    }

    private static Optional<HttpServletRequest> request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? Optional.of(attributes.getRequest()) : Optional.empty();
    }

    private static Restrictor policy(String location) {
        try {
            Restrictor policy = RestrictorFactory.lookupPolicyRestrictor(location);
            if (policy == null) {
                throw new IllegalStateException("the console's Jolokia policy " + location + " is missing");
            }
            return policy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
