package kz.qazeta.hub.sandbox.border;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a border guard does in the Border Service twin, for testers: record a crossing at a checkpoint, and list
 * a document's crossings. The hub never calls this; it reads the crossing database.
 */
@RestController
@RequestMapping("/sandbox/border-service")
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class BorderServiceDeskController {

    public record CrossingRecord(String documentType, String documentNumber, String issuingCountry, String nationality,
                                 String surname, String givenNames, LocalDate dateOfBirth, String direction,
                                 String checkpoint, OffsetDateTime at) {
    }

    private static final Set<String> DIRECTIONS = Set.of("ENTRY", "EXIT");

    private final BorderCrossingsTwinDatabase database;

    public BorderServiceDeskController(BorderCrossingsTwinDatabase database) {
        this.database = database;
    }

    @PostMapping("/crossings")
    public ResponseEntity<Map<String, Object>> record(@RequestBody CrossingRecord r) {
        String missing = missingField(r);
        if (missing != null) {
            return ResponseEntity.badRequest().body(Map.of("error", "missing or wrong field", "field", missing));
        }
        List<String> checkpoints = database.jdbc().queryForList("select code from checkpoint where code = :code",
                Map.of("code", r.checkpoint()), String.class);
        if (checkpoints.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "unknown checkpoint", "field", "checkpoint",
                    "checkpoints", database.jdbc().queryForList("select code from checkpoint order by code", Map.of(), String.class)));
        }
        database.jdbc().update("""
                insert into border_crossing (document_type, document_number, issuing_country, nationality, surname,
                    given_names, date_of_birth, direction, checkpoint_code, crossed_at)
                values (:type, :number, :country, :nationality, :surname, :givenNames, :dob, :direction, :checkpoint, :at)
                """, new MapSqlParameterSource().addValue("type", r.documentType()).addValue("number", r.documentNumber())
                .addValue("country", r.issuingCountry()).addValue("nationality", r.nationality())
                .addValue("surname", r.surname()).addValue("givenNames", r.givenNames()).addValue("dob", r.dateOfBirth())
                .addValue("direction", r.direction()).addValue("checkpoint", r.checkpoint()).addValue("at", r.at()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("recorded", r));
    }

    @GetMapping("/crossings")
    public List<Map<String, Object>> list(@RequestParam String documentNumber) {
        return database.jdbc().queryForList("""
                select document_type, document_number, issuing_country, nationality, surname, given_names, date_of_birth,
                    direction, checkpoint_code, crossed_at
                from border_crossing where document_number = :number order by crossed_at
                """, Map.of("number", documentNumber));
    }

    private static String missingField(CrossingRecord r) {
        if (r.documentType() == null || r.documentType().isBlank()) return "documentType";
        if (r.documentNumber() == null || r.documentNumber().isBlank()) return "documentNumber";
        if (r.issuingCountry() == null || r.issuingCountry().isBlank()) return "issuingCountry";
        if (r.nationality() == null || r.nationality().isBlank()) return "nationality";
        if (r.surname() == null || r.surname().isBlank()) return "surname";
        if (r.dateOfBirth() == null) return "dateOfBirth";
        if (r.direction() == null || !DIRECTIONS.contains(r.direction())) return "direction";
        if (r.checkpoint() == null) return "checkpoint";
        if (r.at() == null) return "at";
        return null;
    }
}
