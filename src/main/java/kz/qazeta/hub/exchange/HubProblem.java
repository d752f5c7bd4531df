package kz.qazeta.hub.exchange;

import java.util.List;

/**
 * A problem the hub answers with an RFC 9457 {@code application/problem+json} body. The {@code type} is a
 * stable slug (the last segment of the problem's type URI); title and detail are looked up in the
 * {@code i18n/problems} bundle in the caller's language, with {@code args} filled into the detail.
 */
public class HubProblem extends RuntimeException {

    /** A field of the request that is missing or malformed, and why (a key of the bundle: required, format, ...). */
    public record FieldError(String field, String reason) {
    }

    private final int status;
    private final String type;
    private final transient Object[] args;
    private final List<FieldError> fieldErrors;

    private HubProblem(int status, String type, List<FieldError> fieldErrors, Object... args) {
        super(type);
        this.status = status;
        this.type = type;
        this.args = args;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** 400: the request cannot be read; every bad field is named. */
    public static HubProblem invalidRequest(List<FieldError> errors) {
        return new HubProblem(400, "invalid-request", errors, errors.isEmpty() ? "" : errors.get(0).field());
    }

    public static HubProblem invalidRequest(String field, String reason) {
        return invalidRequest(List.of(new FieldError(field, reason)));
    }

    /** 422: the request is well formed but a rule of the service refuses it; {@code rule} names the rule. */
    public static HubProblem refusal(String rule, Object... args) {
        return new HubProblem(422, rule, List.of(), args);
    }

    /** 422: a rule of the service refuses the request because of one field, named in the problem's errors. */
    public static HubProblem refusal(String rule, FieldError error) {
        return new HubProblem(422, rule, List.of(error), error.field());
    }

    public static HubProblem notFound(String type, Object... args) {
        return new HubProblem(404, type, List.of(), args);
    }

    public static HubProblem conflict(String type, Object... args) {
        return new HubProblem(409, type, List.of(), args);
    }

    /** 401: no credential, or a wrong one; says nothing about what the caller asked for. */
    public static HubProblem unauthenticated() {
        return new HubProblem(401, "unauthenticated", List.of());
    }

    /** 403: the caller may not use this (or it does not exist: the answer is the same). */
    public static HubProblem forbidden() {
        return new HubProblem(403, "forbidden", List.of());
    }

    /** 429: the caller sent more requests than its rate allows; {@code retryAfterSeconds} says when to try again. */
    public static HubProblem rateLimited(long retryAfterSeconds) {
        return new HubProblem(429, "rate-limited", List.of(), retryAfterSeconds);
    }

    /** 413: the body is larger than the hub reads. */
    public static HubProblem bodyTooLarge(long maxBytes) {
        return new HubProblem(413, "body-too-large", List.of(), maxBytes);
    }

    /** 408: the body did not arrive within the {@code seconds} the hub waits for it. */
    public static HubProblem requestTimeout(long seconds) {
        return new HubProblem(408, "request-timeout", List.of(), seconds);
    }

    /** 503: a partner or the hub's own database cannot be reached now; the caller may try again later. */
    public static HubProblem unavailable(String what) {
        return new HubProblem(503, "service-unavailable", List.of(), what);
    }

    /** What the web server itself answers under /api/ (404, 405, 406, 415) as a problem of the given type. */
    public static HubProblem httpStatus(int status, String type) {
        return new HubProblem(status, type, List.of());
    }

    /** 502: a partner answered with what the hub does not believe (not one JSON value, a key twice); nothing was done with it. */
    public static HubProblem partnerInvalidAnswer(String partner) {
        return new HubProblem(502, "partner-invalid-answer", List.of(), partner);
    }

    /**
     * 500: the hub's own fault (a mapping that does not compile or cannot map this request), not a partner's: the
     * partner was not called. Operators are alerted ({@link HubFaults}); the detail says nothing of the hub's insides.
     */
    public static HubProblem hubFault(Throwable cause) {
        HubProblem problem = new HubProblem(500, "hub-fault", List.of());
        problem.initCause(cause);
        return problem;
    }

    /** 500 for what the hub did not foresee: the detail says nothing of its insides. */
    public static HubProblem internal() {
        return new HubProblem(500, "internal-error", List.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Object[] args() {
        return args;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
