package io.hawt.springboot.security;

import java.lang.reflect.InvocationTargetException;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.spi.LoginModule;

import io.hawt.web.auth.AuthenticationConfiguration;
import io.hawt.web.auth.RolePrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The second of the two JAAS login modules through which Hawtio 5 trusts Spring Security (see Hawtio's
 * {@code SpringSecurityJAASConfiguration}, which names this class): after Spring Security's
 * {@code SecurityContextLoginModule} has put the signed-in {@link Authentication} into the subject, this adds one
 * role principal per granted role ({@code ROLE_OPERATOR} becomes {@code operator}), which Hawtio checks against
 * {@code hawtio.roles}. Hawtio publishes it as {@code io.hawt:hawtio-springboot-security}, but not on Maven Central
 * for the 5.x line, so the hub carries it under the name Hawtio looks up.
 */
public class HawtioSpringSecurityLoginModule implements LoginModule {

    private Subject subject;
    private Class<? extends Principal> roleType = RolePrincipal.class;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        if (options.get(AuthenticationConfiguration.class.getName()) instanceof AuthenticationConfiguration config
                && config.getDefaultRolePrincipalClass() != null) {
            roleType = config.getDefaultRolePrincipalClass();
        }
    }

    @Override
    public boolean login() {
        return true;
    }

    @Override
    public boolean commit() {
        List<Authentication> signedIn = subject.getPrincipals().stream()
                .filter(Authentication.class::isInstance).map(Authentication.class::cast).toList();
        for (Authentication authentication : signedIn) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                String role = authority.getAuthority();
                subject.getPrincipals().add(rolePrincipal(role.startsWith("ROLE_") ? role.substring(5).toLowerCase() : role));
            }
        }
        return true;
    }

    private Principal rolePrincipal(String role) {
        try {
            return roleType.getConstructor(String.class).newInstance(role);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            return new RolePrincipal(role);
        }
    }

    @Override
    public boolean abort() {
        return false;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(roleType::isInstance);
        return true;
    }
}
