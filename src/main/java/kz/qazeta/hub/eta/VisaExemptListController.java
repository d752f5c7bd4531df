package kz.qazeta.hub.eta;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.partners.PartnerGate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators replace the visa-exempt list here (CSV body); it applies from its date, without a rebuild. */
@RestController
public class VisaExemptListController {

    private final VisaExemptList list;
    public VisaExemptListController(VisaExemptList list) {
        this.list = list;
    }

    @PutMapping(path = "/api/v1/admin/reference/visa-exempt-countries", consumes = "text/csv")
    public Map<String, Object> replace(@RequestParam(required = false) String effectiveFrom,
                                       @RequestBody(required = false) String csv,
                                       @RequestAttribute(PartnerGate.PARTNER) String partner) {
        LocalDate from;
        try {
            from = effectiveFrom == null ? LocalDate.now(EtaRules.ASTANA) : LocalDate.parse(effectiveFrom);
        } catch (DateTimeParseException e) {
            throw HubProblem.invalidRequest("effectiveFrom", "format");
        }
        return list.replace(csv, from, "loaded by " + partner);
    }

    @GetMapping("/api/v1/admin/reference/visa-exempt-countries")
    public List<Map<String, Object>> lists() {
        return list.lists();
    }
}
