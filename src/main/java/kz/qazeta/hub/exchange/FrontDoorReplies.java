package kz.qazeta.hub.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.apache.camel.component.jsonvalidator.NoJsonBodyValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.stereotype.Component;

/**
 * Writes what the hub answers over HTTP: a {@link Reply} as JSON, or a failure as RFC 9457 problem+json in
 * the caller's language. Only the headers the hub means to send leave it (Camel would otherwise echo the
 * request's headers back).
 */
@Component("frontDoorReplies")
public class FrontDoorReplies {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoorReplies.class);

    private final ObjectMapper json;
    private final MessageSource messages;
    private final String problemBase;

    public FrontDoorReplies(ObjectMapper json, MessageSource messages,
                            @Value("${qazeta.problem-type-base}") String problemBase) {
        this.json = json;
        this.messages = messages;
        this.problemBase = problemBase.endsWith("/") ? problemBase : problemBase + "/";
    }

    /** Writes the {@link Reply} in the message body. */
    public void reply(Exchange exchange) throws JsonProcessingException, org.apache.camel.InvalidPayloadException {
        Reply reply = exchange.getMessage().getMandatoryBody(Reply.class);
        if (reply.body() instanceof byte[] document) {
            write(exchange, reply.status(), reply.headers().get("Content-Type"), document, reply.headers());
            return;
        }
        write(exchange, reply.status(), "application/json", json.writeValueAsString(reply.body()), reply.headers());
    }

    /**
     * Writes a JSON body a route made itself (a mapping's output): the status from the header {@code replyStatus}
     * (200 without it) and a {@code Location} from {@code replyLocation}. For routes built from configuration.
     */
    public void json(Exchange exchange) {
        var message = exchange.getMessage();
        Integer status = message.getHeader("replyStatus", 200, Integer.class);
        String location = message.getHeader("replyLocation", String.class);
        write(exchange, status, "application/json", message.getBody(String.class),
                location == null ? Map.of() : Map.of("Location", location));
    }

    /** Writes the exception that ended the exchange as a problem. */
    public void problem(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HubProblem problem = find(cause);
        if (problem == null && cause instanceof JsonValidationException invalid) {
            problem = JsonSchemaProblems.of(invalid);
        }
        if (problem == null && cause instanceof NoJsonBodyValidationException) {
            problem = HubProblem.invalidRequest("body", "required");
        }
        PartnerAnswerRefused refusedAnswer = find(cause, PartnerAnswerRefused.class);
        if (problem == null && refusedAnswer != null) {
            LOG.warn("Answer of {} refused on {}: {}", refusedAnswer.partner(), exchange.getFromRouteId(), LogSafe.text(refusedAnswer));
            problem = HubProblem.partnerInvalidAnswer(refusedAnswer.partner());
        }
        if (problem == null && databaseUnavailable(cause)) {
            LOG.warn("The hub's database is unavailable on {}: {}", exchange.getFromRouteId(), LogSafe.text(cause));
            problem = HubProblem.unavailable("database");
        }
        // a route built from a partner-call template names its partner: what failed there is that partner, now
        String partner = exchange.getProperty("partner", String.class);
        if (problem == null && partner != null) {
            LOG.warn("Partner {} failed on {}: {}", partner, exchange.getFromRouteId(), LogSafe.text(cause));
            problem = HubProblem.unavailable(partner);
        }
        if (problem == null) {
            LOG.error("Unexpected failure on {}", exchange.getFromRouteId(), cause);
            problem = HubProblem.internal();
        }
        Locale locale = Languages.fromAcceptLanguage(exchange.getMessage().getHeader("Accept-Language", String.class));
        Map<String, Object> body = body(problem, locale, exchange.getMessage().getHeader(Correlation.HEADER, String.class));
        write(exchange, problem.status(), "application/problem+json", json.writeValueAsString(body),
                Map.of("Content-Language", locale.getLanguage()));
    }

    /** The RFC 9457 body of a problem, in the given language. */
    public Map<String, Object> body(HubProblem problem, Locale locale, String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problemBase + problem.type());
        body.put("title", text("problem." + problem.type() + ".title", new Object[0], locale));
        body.put("status", problem.status());
        body.put("detail", text("problem." + problem.type() + ".detail", problem.args(), locale));
        body.put("correlationId", correlationId);
        if (!problem.fieldErrors().isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            for (HubProblem.FieldError error : problem.fieldErrors()) {
                errors.add(Map.of("field", error.field(),
                        "message", text("field." + error.reason(), new Object[] {error.field()}, locale)));
            }
            body.put("errors", errors);
        }
        return body;
    }

    /** The message in the caller's language; a missing translation falls back to the English text. */
    public String text(String key, Object[] args, Locale locale) {
        try {
            return messages.getMessage(key, args, locale);
        } catch (NoSuchMessageException missing) {
            return messages.getMessage(key, args, key, Languages.DEFAULT);
        }
    }

    private void write(Exchange exchange, int status, String contentType, Object body, Map<String, String> headers) {
        var message = exchange.getMessage();
        message.removeHeaders("*", Correlation.HEADER);
        headers.forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    /**
     * Whether a failure means the hub's own database cannot be reached now (no connection, a connection lost, a
     * transaction that cannot begin, a time-out): the caller gets 503 and may try again; nothing was half-written,
     * as every write is in a transaction that did not commit.
     */
    public static boolean databaseUnavailable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof TransientDataAccessException || t instanceof SQLTransientException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    private static HubProblem find(Throwable cause) {
        return find(cause, HubProblem.class);
    }

    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
