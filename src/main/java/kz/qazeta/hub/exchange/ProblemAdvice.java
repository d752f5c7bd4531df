package kz.qazeta.hub.exchange;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The hub's own MVC endpoints answer a {@link HubProblem} as the routes do: RFC 9457 in the caller's language. */
@RestControllerAdvice
public class ProblemAdvice {

    private final FrontDoorReplies replies;

    public ProblemAdvice(FrontDoorReplies replies) {
        this.replies = replies;
    }

    /** The hub's database cannot be reached now: 503, as the routes answer it. */
    @ExceptionHandler({DataAccessException.class, CannotCreateTransactionException.class})
    public ResponseEntity<Map<String, Object>> database(Exception failure, HttpServletRequest request) throws Exception {
        if (!FrontDoorReplies.databaseUnavailable(failure)) {
            throw failure;
        }
        return problem(HubProblem.unavailable("database"), request);
    }

    @ExceptionHandler(HubProblem.class)
    public ResponseEntity<Map<String, Object>> problem(HubProblem problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.status()).contentType(MediaType.valueOf("application/problem+json"))
                .body(replies.body(problem, Languages.fromAcceptLanguage(request.getHeader("Accept-Language")),
                        request.getHeader(Correlation.HEADER)));
    }
}
