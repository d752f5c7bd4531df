package kz.qazeta.hub.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.networknt.schema.ValidationMessage;
import kz.qazeta.hub.exchange.HubProblem.FieldError;
import org.apache.camel.component.jsonvalidator.JsonValidationException;

/**
 * A request refused by a JSON schema (the {@code json-validator} step of a route built from configuration) as
 * the same 400 the hub's own readers answer: every bad field named, with why.
 */
final class JsonSchemaProblems {

    private JsonSchemaProblems() {
    }

    static HubProblem of(JsonValidationException invalid) {
        List<FieldError> errors = new ArrayList<>();
        for (ValidationMessage message : invalid.getErrors()) {
            String at = message.getInstanceLocation() == null ? "" : message.getInstanceLocation().toString();
            String field = at.replaceFirst("^\\$\\.?", "");
            String reason = switch (message.getType()) {
                case "required" -> "required";
                case "maxLength", "minLength", "maxItems", "minItems" -> "length";
                default -> "format";
            };
            if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
                reason = "unknown";
                field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
            } else if ("required".equals(message.getType()) && message.getProperty() != null) {
                field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
            }
            if (field.isEmpty()) {
                field = "body";
            }
            FieldError error = new FieldError(field, reason);
            if (!errors.contains(error)) {
                errors.add(error);
            }
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return HubProblem.invalidRequest(errors.isEmpty() ? List.of(new FieldError("body", "format")) : errors);
    }
}
