package kz.qazeta.hub.operations;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The login in front of the operators' console: Hawtio ({@code /actuator/hawtio}), Jolokia and every other actuator
 * endpoint but the health probes, which answer anyone with their status only. Wrong passwords in a row lock the user
 * or the client address for a while ({@link ConsoleSignInLocks}). Operators sign in through the login form (a session, protected
 * against cross-site requests by Hawtio's {@code XSRF-TOKEN} cookie and header); scripts and Prometheus with HTTP
 * Basic. Nothing else of the hub passes through this chain: {@code /api/v1} keeps its own gate (API keys,
 * {@code PartnerGate}), and {@code /services} (SOAP) and {@code /sandbox} stay as they are. What a signed-in viewer
 * may do inside Jolokia is {@link ConsoleRestrictor}'s to decide.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ConsoleSecurity {

    /**
     * Paths are matched as the request names them within the application, whichever servlet serves them (Jolokia,
     * Hawtio's and CXF's are not Spring MVC's), the way {@code PartnerGate} matches its own.
     */
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    static RequestMatcher under(String... prefixes) {
        return request -> {
            String path = PATHS.getPathWithinApplication(request);
            return Arrays.stream(prefixes).anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        };
    }

    /** The console's paths; the login form and its stylesheet belong to it. */
    private static final RequestMatcher CONSOLE = under("/actuator", "/login", "/logout", "/default-ui.css");

    @Bean
    SecurityFilterChain consoleChain(HttpSecurity http, OperationsSettings settings, ServerProperties server)
            throws Exception {
        http.securityMatcher(CONSOLE);
        if (settings.anonymousConsole()) {
            // the developer's switch: everyone is an operator, no login
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .anonymous(anonymous -> anonymous.principal("anonymous-operator")
                            .authorities("ROLE_" + OperationsSettings.OPERATOR, "ROLE_" + OperationsSettings.VIEWER))
                    .csrf(csrf -> csrf.disable());
            return http.build();
        }
        http.authorizeHttpRequests(requests -> requests
                        // the probes answer anyone, with the status only (management.endpoint.health.show-components)
                        .requestMatchers(under("/actuator/health")).permitAll()
                        .requestMatchers(under("/actuator/prometheus"))
                        .hasAnyRole(OperationsSettings.METRICS, OperationsSettings.VIEWER, OperationsSettings.OPERATOR)
                        .requestMatchers(under("/actuator"))
                        .hasAnyRole(OperationsSettings.VIEWER, OperationsSettings.OPERATOR)
                        .anyRequest().permitAll())
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfCookie(server))
                        .csrfTokenRequestHandler(new HawtioCsrfTokens())
                        // a script signing in with HTTP Basic on every request carries no session to ride on
                        .ignoringRequestMatchers(request -> StringUtils.hasText(request.getHeader("Authorization"))))
                .addFilterAfter(new CsrfCookie(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Hawtio's token cookie, sent only to the hub's own pages (like the session cookie, server.servlet.session.cookie). */
    private static CookieCsrfTokenRepository csrfCookie(ServerProperties server) {
        Boolean secure = server.getServlet().getSession().getCookie().getSecure();
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookieCustomizer(cookie -> {
            cookie.sameSite("Strict");
            if (Boolean.TRUE.equals(secure)) {
                cookie.secure(true);
            }
        });
        return tokens;
    }

    @Bean
    ConsoleSignInLocks consoleSignInLocks(ConsoleSignInSettings settings, OperationsSettings operations, Clock clock) {
        return new ConsoleSignInLocks(settings, operations, clock);
    }

    /** The console users' passwords, checked behind the sign-in locks (the login form and HTTP Basic both). */
    @Bean
    AuthenticationProvider consoleSignIn(UserDetailsService consoleUsers, PasswordEncoder consolePasswords,
                                         ConsoleSignInLocks locks) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(consoleUsers);
        passwords.setPasswordEncoder(consolePasswords);
        return locks.guard(passwords);
    }

    @Bean
    PasswordEncoder consolePasswords() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The console users of {@code qazeta.operations.users}; a password given in clear ({noop}) is refused. */
    @Bean
    UserDetailsService consoleUsers(OperationsSettings settings) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        settings.users().forEach((name, account) -> {
            String hash = account.passwordHash();
            if (hash == null || !hash.startsWith("{") || hash.toLowerCase(Locale.ROOT).startsWith("{noop}")) {
                throw new IllegalStateException("qazeta.operations.users." + name
                        + ".password-hash must be a hash in Spring Security's {id}hash form, e.g. {bcrypt}$2a$...");
            }
            users.createUser(User.withUsername(name).password(hash)
                    .roles(account.roles().stream().map(r -> r.toUpperCase(Locale.ROOT)).toArray(String[]::new))
                    .build());
        });
        return users;
    }

    /**
     * Hawtio's single-page app reads the token from the {@code XSRF-TOKEN} cookie and sends it back raw in
     * {@code X-XSRF-TOKEN}; a rendered form sends the masked one.
     */
    static final class HawtioCsrfTokens extends CsrfTokenRequestAttributeHandler {
        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token) : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Makes sure the {@code XSRF-TOKEN} cookie is set, so the console has a token to send. */
    static final class CsrfCookie extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
