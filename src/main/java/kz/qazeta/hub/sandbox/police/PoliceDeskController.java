package kz.qazeta.hub.sandbox.police;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a territorial police officer does in the registry twin: register an invitation, change its status, and
 * (for testers) make the registry slow or failing.
 */
@RestController
@RequestMapping("/sandbox/police")
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class PoliceDeskController {

    public record InvitedApplicant(String passportNumber, String nationality, String surname, String givenNames,
                                   LocalDate dateOfBirth) {
    }

    public record Registration(String invitationNumber, String inviter, String category, InvitedApplicant applicant,
                               LocalDate validFrom, LocalDate validUntil, String registeredBy) {
    }

    public record Behaviour(long delayMillis, int faults) {
    }

    private static final Set<String> STATUSES = Set.of("ACTIVE", "USED", "REVOKED", "EXPIRED");

    private final SandboxDatabase database;
    private final RegistryBehaviour behaviour;

    public PoliceDeskController(SandboxDatabase database, RegistryBehaviour behaviour) {
        this.database = database;
        this.behaviour = behaviour;
    }

    @PostMapping("/invitations")
    public ResponseEntity<Map<String, Object>> register(@RequestBody Registration r) {
        String missing = missingField(r);
        if (missing != null) {
            return ResponseEntity.badRequest().body(Map.of("error", "missing field", "field", missing));
        }
        var params = new MapSqlParameterSource()
                .addValue("number", r.invitationNumber()).addValue("inviter", r.inviter())
                .addValue("category", r.category()).addValue("passport", r.applicant().passportNumber())
                .addValue("nationality", r.applicant().nationality()).addValue("surname", r.applicant().surname())
                .addValue("givenNames", r.applicant().givenNames()).addValue("dob", r.applicant().dateOfBirth())
                .addValue("from", r.validFrom()).addValue("until", r.validUntil())
                .addValue("by", r.registeredBy() == null ? "sandbox officer" : r.registeredBy())
                .addValue("at", OffsetDateTime.now());
        int exists = database.jdbc().queryForObject(
                "select count(*) from police_invitation where invitation_number = :number", params, Integer.class);
        if (exists > 0) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "invitation already registered", "field", "invitationNumber"));
        }
        database.jdbc().update("""
                insert into police_invitation values (:number, 'ACTIVE', :inviter, :category, :passport,
                    :nationality, :surname, :givenNames, :dob, :from, :until, :by, :at)
                """, params);
        return ResponseEntity.status(HttpStatus.CREATED).body(find(r.invitationNumber()).get(0));
    }

    @GetMapping("/invitations")
    public List<Map<String, Object>> list() {
        return database.jdbc().queryForList("select * from police_invitation order by invitation_number", Map.of())
                .stream().map(PoliceDeskController::view).toList();
    }

    @PutMapping("/invitations/{number}/status")
    public ResponseEntity<Object> setStatus(@PathVariable String number, @RequestBody Map<String, String> body) {
        String status = body.get("status");
        if (status == null || !STATUSES.contains(status)) {
            return ResponseEntity.badRequest().body(Map.of("error", "status must be one of " + STATUSES, "field", "status"));
        }
        int changed = database.jdbc().update("update police_invitation set status = :status where invitation_number = :number",
                Map.of("status", status, "number", number));
        return changed == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(find(number).get(0));
    }

    @PutMapping("/behaviour")
    public Map<String, Object> behave(@RequestBody Behaviour wanted) {
        behaviour.set(wanted.delayMillis(), wanted.faults());
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("delayMillis", behaviour.delayMillis());
        now.put("faults", behaviour.faultsRemaining());
        return now;
    }

    private List<Map<String, Object>> find(String number) {
        return database.jdbc().queryForList("select * from police_invitation where invitation_number = :number",
                Map.of("number", number)).stream().map(PoliceDeskController::view).toList();
    }

    /** A registry row as the police desk shows it: the same field names as a registration. */
    private static Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("passportNumber", row.get("passport_number"));
        applicant.put("nationality", row.get("nationality"));
        applicant.put("surname", row.get("surname"));
        applicant.put("givenNames", row.get("given_names"));
        applicant.put("dateOfBirth", String.valueOf(row.get("date_of_birth")));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("invitationNumber", row.get("invitation_number"));
        view.put("status", row.get("status"));
        view.put("inviter", row.get("inviter"));
        view.put("category", row.get("category"));
        view.put("applicant", applicant);
        view.put("validFrom", String.valueOf(row.get("valid_from")));
        view.put("validUntil", String.valueOf(row.get("valid_until")));
        view.put("registeredBy", row.get("registered_by"));
        view.put("registeredAt", String.valueOf(row.get("registered_at")));
        return view;
    }

    private static String missingField(Registration r) {
        if (r.invitationNumber() == null || r.invitationNumber().isBlank()) return "invitationNumber";
        if (r.inviter() == null || r.inviter().isBlank()) return "inviter";
        if (r.category() == null || r.category().isBlank()) return "category";
        if (r.applicant() == null) return "applicant";
        if (r.applicant().passportNumber() == null) return "applicant.passportNumber";
        if (r.applicant().nationality() == null) return "applicant.nationality";
        if (r.applicant().surname() == null) return "applicant.surname";
        if (r.applicant().dateOfBirth() == null) return "applicant.dateOfBirth";
        if (r.validFrom() == null) return "validFrom";
        if (r.validUntil() == null) return "validUntil";
        return null;
    }
}
