package kz.qazeta.hub.exchange.partners;

import java.security.cert.X509Certificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import javax.security.auth.x500.X500Principal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import kz.qazeta.hub.exchange.Correlation;
import kz.qazeta.hub.exchange.FrontDoorReplies;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.Languages;
import kz.qazeta.hub.exchange.messagelog.MessageLog;
import kz.qazeta.hub.exchange.messagelog.MessageLogChain;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Channel;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction;
import kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Outcome;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.WebUtils;

/**
 * The hub's door for REST callers, in front of everything under {@code /api/v1}: who is calling (a TLS client
 * certificate where mutual TLS is configured, or an API key matched by its hash), whether that partner may use the service asked for, its rate and body size limits,
 * the correlation id, and a message-log row for the request and one for the answer. 401 and 403 say nothing
 * of whether the service exists. A caller with no credential at all is admitted as {@code anyone} to the services
 * granted to the partner entry {@code anyone} (open services, e.g. checking a certificate), and only to those.
 * Routes behind it read the caller in {@code X-Hub-Partner}. A caller without a valid credential is limited per
 * source address ({@link UnknownCallers}); the body is read bounded in size and time ({@link RequestBodies}); what a
 * refusal leaves behind is small and bounded ({@link GateRefusals}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class PartnerGate extends OncePerRequestFilter {

    public static final String API_KEY = "X-Api-Key";
    public static final String PARTNER = "X-Hub-Partner";
    public static final String SERVICE = "X-Hub-Service";

    private final ExchangeDirectory directory;
    private final MessageLog messageLog;
    private final FrontDoorReplies replies;
    private final ObjectMapper json;
    private final Map<String, String> partnerByKeyHash = new HashMap<>();
    private final Map<String, String> partnerByCertificate = new HashMap<>();
    private final Map<String, RateLimiter> rates = new ConcurrentHashMap<>();
    private final UnknownCallers unknownCallers;
    private final RequestBodies bodies;
    private final GateRefusals refusals;

    public PartnerGate(ExchangeDirectory directory, MessageLog messageLog, FrontDoorReplies replies, ObjectMapper json,
                       UnknownCallers unknownCallers, RequestBodies bodies, GateRefusals refusals) {
        this.directory = directory;
        this.messageLog = messageLog;
        this.replies = replies;
        this.json = json;
        this.unknownCallers = unknownCallers;
        this.bodies = bodies;
        this.refusals = refusals;
        directory.partners().forEach((id, partner) -> {
            if (partner.apiKeySha256() != null && !partner.apiKeySha256().isBlank()) {
                partnerByKeyHash.put(partner.apiKeySha256().toLowerCase(Locale.ROOT), id);
            }
            if (partner.certificateSubject() != null && !partner.certificateSubject().isBlank()) {
                partnerByCertificate.put(new X500Principal(partner.certificateSubject()).getName(), id);
            }
        });
    }

    /** The path as Spring MVC will match it: decoded, without ;parameters. The raw URI would let /api/v1;x/ by. */
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    static String pathOf(HttpServletRequest request) {
        return PATHS.getPathWithinApplication(request);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = pathOf(request);
        return !(path.startsWith("/api/v1/") || path.equals("/api/v1"));
    }

    /** Camel's platform-http answers asynchronously: the answer is logged when the async dispatch ends. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            try {
                chain.doFilter(request, response);
            } finally {
                if (!request.isAsyncStarted()) {
                    finish(request, response);
                }
            }
            return;
        }
        long started = System.nanoTime();
        String correlationId = Optional.ofNullable(request.getHeader(Correlation.HEADER))
                .filter(Correlation::acceptable).orElseGet(() -> UUID.randomUUID().toString());
        MDC.put(Correlation.MDC_KEY, correlationId);
        String path = pathOf(request);
        String service = directory.serviceForPath(path).orElse(null);
        String partner = identify(request);
        if (partner == null && !presentsCredential(request) && directory.grants(ExchangeDirectory.ANYONE, service)) {
            partner = ExchangeDirectory.ANYONE;
        }
        String address = UnknownCallers.addressOf(request.getRemoteAddr());
        boolean unknown = partner == null || partner.equals(ExchangeDirectory.ANYONE);
        UnknownCallers.Permit permit = null;
        byte[] body;
        try {
            // a caller without a valid credential is counted by its address before anything else is done for it
            if (unknown && !unknownCallers.withinRate(address)) {
                throw new Refused(HubProblem.rateLimited(1), false);
            }
            if (partner == null) {
                throw new Refused(HubProblem.unauthenticated(), true);
            }
            if (service == null || !directory.grants(partner, service)) {
                throw new Refused(HubProblem.forbidden(), true);
            }
            if (unknown) {
                permit = unknownCallers.admit(address);
                if (permit == null) {
                    throw new Refused(HubProblem.rateLimited(1), true);
                }
            } else {
                RateLimiter rate = rates.computeIfAbsent(partner, this::rateLimiter);
                if (!rate.acquirePermission()) {
                    throw new Refused(HubProblem.rateLimited(
                            Math.max(1, rate.getRateLimiterConfig().getLimitRefreshPeriod().toSeconds())), true);
                }
            }
            body = bodies.read(request);
        } catch (Refused | HubProblem refusal) {
            if (permit != null) {
                permit.release();
            }
            HubProblem problem = refusal instanceof Refused r ? r.problem : (HubProblem) refusal;
            if (problem.status() != 408 && problem.status() != 413) {
                UnreadBodies.leftUnread(request, response);
            }
            refusals.record(new GateRefusals.Refusal(correlationId, address, request.getMethod(), path, partner, service,
                    problem, started), !(refusal instanceof Refused r) || r.row);
            byte[] answer = json.writeValueAsBytes(replies.body(problem,
                    Languages.fromAcceptLanguage(request.getHeader("Accept-Language")), correlationId));
            response.setStatus(problem.status());
            response.setContentType("application/problem+json");
            // its length given: the connection may be closed right after it (a body left unread), and a chunked
            // answer would be cut before its last chunk
            response.setContentLength(answer.length);
            response.setHeader(Correlation.HEADER, correlationId);
            if (problem.status() == 429) {
                response.setHeader("Retry-After", String.valueOf(problem.args()[0]));
            }
            response.getOutputStream().write(answer);
            MDC.remove(Correlation.MDC_KEY);
            return;
        }

        record(correlationId, partner, service, Direction.IN, path, body, null, null);
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        AdmittedRequest admitted = new AdmittedRequest(request, body, Map.of(Correlation.HEADER, correlationId,
                PARTNER, partner, SERVICE, service));
        admitted.setAttribute(PARTNER, partner);
        admitted.setAttribute(Correlation.HEADER, correlationId);
        admitted.setAttribute(Admission.class.getName(), new Admission(correlationId, partner, service, path, started));
        try {
            chain.doFilter(admitted, answer);
        } finally {
            if (!admitted.isAsyncStarted()) {
                finish(admitted, answer);
                if (permit != null) {
                    permit.release();
                }
            } else if (permit != null) {
                admitted.getAsyncContext().addListener(releasing(permit));
            }
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    /** A gate refusal and whether it earns a message-log row. */
    private static final class Refused extends Exception {
        final HubProblem problem;
        final boolean row;

        Refused(HubProblem problem, boolean row) {
            super(problem.type(), null, false, false);
            this.problem = problem;
            this.row = row;
        }
    }

    /** Frees an anonymous request's place when its asynchronous answer is over, however it ends. */
    private static AsyncListener releasing(UnknownCallers.Permit permit) {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                permit.release();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                permit.release();
            }

            @Override
            public void onError(AsyncEvent event) {
                permit.release();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
            }
        };
    }

    /** What the gate learnt of an admitted request, kept for when its answer is complete. */
    private record Admission(String correlationId, String partner, String service, String path, long started) {
    }

    private void finish(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Admission admission = (Admission) request.getAttribute(Admission.class.getName());
        ContentCachingResponseWrapper answer = WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        if (admission == null || answer == null) {
            return;
        }
        record(admission.correlationId(), admission.partner(), admission.service(), Direction.OUT, admission.path(),
                answer.getContentAsByteArray(), answer.getStatus(), admission.started());
        answer.copyBodyToResponse();
    }

    /**
     * The calling partner, or null: by the TLS client certificate it presented (mutual TLS, where the server is
     * configured for it), else by its API key, compared by SHA-256, the only form stored.
     */
    private String identify(HttpServletRequest request) {
        if (request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
                && chain.length > 0) {
            String partner = partnerByCertificate.get(chain[0].getSubjectX500Principal().getName());
            if (partner != null) {
                return partner;
            }
        }
        String apiKey = request.getHeader(API_KEY);
        return apiKey == null || apiKey.isBlank() ? null : partnerByKeyHash.get(MessageLogChain.sha256(apiKey));
    }

    /** Whether the caller offers any credential at all (a wrong one is refused, never taken for {@code anyone}). */
    private static boolean presentsCredential(HttpServletRequest request) {
        String apiKey = request.getHeader(API_KEY);
        return (apiKey != null && !apiKey.isBlank())
                || request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
                && chain.length > 0;
    }

    private RateLimiter rateLimiter(String partner) {
        int perSecond = directory.partners().get(partner).ratePerSecond();
        return RateLimiter.of("partner-" + partner, RateLimiterConfig.custom()
                .limitForPeriod(perSecond > 0 ? perSecond : directory.defaultRatePerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
    }

    private void record(String correlationId, String partner, String service, Direction direction, String path,
                        byte[] body, Integer status, Long startedNanos) {
        Outcome outcome = status == null || status < 400 ? Outcome.OK : status < 500 ? Outcome.REFUSED : Outcome.FAULT;
        String fault = status != null && status >= 400 ? problemType(body, status) : null;
        messageLog.record(new MessageLog.Message(correlationId, partner, service, direction, Channel.REST, path,
                outcome, fault, status, body,
                startedNanos == null ? null : Duration.ofNanos(System.nanoTime() - startedNanos).toMillis()));
    }

    /** The problem's type slug when the answer is a problem, else the HTTP status. */
    private String problemType(byte[] body, int status) {
        try {
            String type = json.readTree(body).path("type").asText("");
            return type.isEmpty() ? "http-" + status : type.substring(type.lastIndexOf('/') + 1);
        } catch (IOException notJson) {
            return "http-" + status;
        }
    }

    /** The request as the routes see it: its body already read, and the hub's own headers set. */
    private static final class AdmittedRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final Map<String, String> headers;

        AdmittedRequest(HttpServletRequest request, byte[] body, Map<String, String> headers) {
            super(request);
            this.body = body;
            this.headers = headers;
        }

        @Override
        public String getHeader(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String own = getHeader(name);
            return headers.keySet().stream().anyMatch(name::equalsIgnoreCase)
                    ? Collections.enumeration(List.of(own)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            headers.keySet().stream().filter(h -> names.stream().noneMatch(h::equalsIgnoreCase)).forEach(names::add);
            return Collections.enumeration(names);
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new java.io.ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
