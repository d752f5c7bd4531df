package kz.qazeta.hub.sandbox.eresidency;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import kz.qazeta.hub.sandbox.SandboxDatabase;
import kz.qazeta.hub.sandbox.eresidency.TwinBehaviour.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The IIN registry's twin ({@code POST /sandbox/iin-registry/api/iins}): gives a foreigner an IIN built as the
 * real ones are (date of birth, century and sex, a serial, the check digit). A person (passport and nationality)
 * gets one IIN, however often asked.
 */
@RestController
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class IinRegistryTwin {

    public record IinRequest(String reference, String passportNumber, String nationality, String surname,
                             String givenNames, LocalDate dateOfBirth, String sex) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(IinRegistryTwin.class);
    private static final String TWIN = "iin-registry";

    private final SandboxDatabase database;
    private final TwinBehaviour behaviour;

    public IinRegistryTwin(SandboxDatabase database, TwinBehaviour behaviour) {
        this.database = database;
        this.behaviour = behaviour;
    }

    @PostMapping("/sandbox/iin-registry/api/iins")
    public synchronized ResponseEntity<Object> issue(@RequestBody IinRequest request) {
        if (request.passportNumber() == null || request.nationality() == null || request.dateOfBirth() == null
                || request.surname() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "passportNumber, nationality, surname and dateOfBirth are required"));
        }
        Mode mode = behaviour.next(TWIN);
        if (mode == Mode.FAIL) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "registry unavailable"));
        }
        String iin = existing(request).orElseGet(() -> register(request));
        if (mode == Mode.TWICE) {
            // the IIN is registered, but the answer is lost: the caller's retry must get the same IIN
            return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(Map.of("error", "answer lost"));
        }
        if (mode == Mode.INVALID) {
            iin = iin.substring(0, 11) + (char) ('0' + (iin.charAt(11) - '0' + 1) % 10);
        }
        LOG.info("IIN registry twin: IIN issued for reference {}", request.reference());
        return ResponseEntity.ok(Map.of("iin", iin, "issuedAt", OffsetDateTime.now(ZoneOffset.UTC).toString()));
    }

    private java.util.Optional<String> existing(IinRequest request) {
        List<String> found = database.jdbc().queryForList(
                "select iin from iin_registry_person where passport_number = :passport and nationality = :nationality",
                Map.of("passport", request.passportNumber(), "nationality", request.nationality()), String.class);
        return found.stream().findFirst();
    }

    private String register(IinRequest request) {
        String iin = newIin(request.dateOfBirth(), "F".equals(request.sex()));
        database.jdbc().update("""
                insert into iin_registry_person values (:iin, :passport, :nationality, :surname, :givenNames, :dob, :at)
                """, new MapSqlParameterSource().addValue("iin", iin).addValue("passport", request.passportNumber())
                .addValue("nationality", request.nationality()).addValue("surname", request.surname())
                .addValue("givenNames", request.givenNames()).addValue("dob", request.dateOfBirth())
                .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
        return iin;
    }

    /** YYMMDD, the century and sex digit (3/4 for the 1900s, 5/6 for the 2000s), a free serial, the check digit. */
    static String newIin(LocalDate born, boolean female) {
        int century = born.getYear() < 1900 ? 1 : born.getYear() < 2000 ? 3 : 5;
        String prefix = "%02d%02d%02d%d".formatted(born.getYear() % 100, born.getMonthValue(), born.getDayOfMonth(),
                century + (female ? 1 : 0));
        while (true) {
            String first = prefix + "%04d".formatted(ThreadLocalRandom.current().nextInt(10_000));
            int check = CheckDigits.of(first);
            if (check >= 0) {
                return first + check;
            }
        }
    }
}
