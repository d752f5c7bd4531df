package kz.qazeta.hub.exchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The answers the web server itself gives under {@code /api/} (a content type the operation does not take: 415; a
 * method it does not serve: 405; a path within a service that does not exist: 404) as RFC 9457 problems in the
 * caller's language, like every other answer of the hub, instead of the server's default error body. Other paths
 * keep Spring Boot's error pages.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ApiErrorPages extends BasicErrorController {

    private final FrontDoorReplies replies;
    private final ObjectMapper json;

    public ApiErrorPages(ErrorAttributes errorAttributes, ServerProperties server,
                         ObjectProvider<ErrorViewResolver> resolvers, FrontDoorReplies replies, ObjectMapper json) {
        super(errorAttributes, server.getError(), resolvers.orderedStream().toList());
        this.replies = replies;
        this.json = json;
    }

    /** A browser asking for HTML under /api/ gets the problem too. */
    @Override
    public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
        if (!api(request)) {
            return super.errorHtml(request, response);
        }
        ResponseEntity<Map<String, Object>> problem = error(request);
        response.setStatus(problem.getStatusCode().value());
        response.setContentType("application/problem+json");
        try {
            json.writeValue(response.getOutputStream(), problem.getBody());
        } catch (IOException gone) {
            // the caller has gone
        }
        return null;
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        if (!api(request)) {
            return super.error(request);
        }
        HttpStatus status = getStatus(request);
        HubProblem problem = switch (status) {
            case NOT_FOUND -> HubProblem.httpStatus(404, "not-found");
            case METHOD_NOT_ALLOWED -> HubProblem.httpStatus(405, "method-not-allowed");
            case NOT_ACCEPTABLE -> HubProblem.httpStatus(406, "not-acceptable");
            case UNSUPPORTED_MEDIA_TYPE -> HubProblem.httpStatus(415, "unsupported-media-type");
            case PAYLOAD_TOO_LARGE -> HubProblem.httpStatus(413, "body-too-large");
            default -> status.is4xxClientError() ? HubProblem.invalidRequest(List.of())
                    : HubProblem.httpStatus(status.value(), "internal-error");
        };
        Object correlationId = request.getAttribute(Correlation.HEADER);
        return ResponseEntity.status(status).contentType(MediaType.valueOf("application/problem+json"))
                .body(replies.body(problem, Languages.fromAcceptLanguage(request.getHeader("Accept-Language")),
                        correlationId == null ? request.getHeader(Correlation.HEADER) : correlationId.toString()));
    }

    private static boolean api(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri != null && uri.toString().startsWith("/api/");
    }
}
