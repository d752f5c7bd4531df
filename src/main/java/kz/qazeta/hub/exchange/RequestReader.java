package kz.qazeta.hub.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import kz.qazeta.hub.exchange.HubProblem.FieldError;
import org.springframework.stereotype.Component;

/**
 * Reads a request body from JSON into its record; anything malformed is a 400 that names every bad field, a body
 * that is more than one JSON value or repeats a key a 400 naming that ({@link JsonBodies}).
 */
@Component
public class RequestReader {

    private final ObjectMapper json;
    private final Validator validator;
    private final JsonBodies bodies;

    public RequestReader(ObjectMapper json, Validator validator, JsonBodies bodies) {
        this.json = json;
        this.validator = validator;
        this.bodies = bodies;
    }

    public <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw HubProblem.invalidRequest("body", "required");
        }
        // one JSON value, no key twice: else the record would hold what one parser reads and not another
        bodies.check(body);
        T request;
        try {
            request = json.readValue(body, type);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw HubProblem.invalidRequest(field.isEmpty() ? "body" : field, field.isEmpty() ? "malformed-json" : "format");
        } catch (JsonProcessingException e) {
            throw HubProblem.invalidRequest("body", "malformed-json");
        }
        if (request == null) {
            throw HubProblem.invalidRequest("body", "required");
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<T> violation : validator.validate(request)) {
            errors.add(new FieldError(violation.getPropertyPath().toString(), reason(violation)));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw HubProblem.invalidRequest(errors);
        }
        return request;
    }

    private static String reason(ConstraintViolation<?> violation) {
        String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return switch (constraint) {
            case "NotNull", "NotBlank" -> "required";
            case "Size" -> "length";
            case "Past" -> "past";
            default -> "format";
        };
    }
}
