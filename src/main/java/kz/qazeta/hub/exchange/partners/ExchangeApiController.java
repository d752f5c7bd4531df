package kz.qazeta.hub.exchange.partners;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.messagelog.MessageLogArchive;
import kz.qazeta.hub.exchange.messagelog.MessageLogStore;
import kz.qazeta.hub.exchange.messagelog.MessageLogVerification;
import kz.qazeta.hub.exchange.messagelog.MessageLogWriter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the exchange layer itself offers, behind {@link PartnerGate} like every service (the caller is the
 * request attribute the gate sets, never a header a caller could send): the services a partner
 * may use (discovery), a partner's own operational data, and for operators every hop of an exchange and the
 * message log's verification and archiving.
 */
@RestController
public class ExchangeApiController {

    private static final int PAGE = 1000;

    private final ExchangeDirectory directory;
    private final MessageLogStore store;
    private final MessageLogWriter writer;
    private final MessageLogVerification verification;
    private final MessageLogArchive archive;

    public ExchangeApiController(ExchangeDirectory directory, MessageLogStore store, MessageLogWriter writer,
                                 MessageLogVerification verification, MessageLogArchive archive) {
        this.directory = directory;
        this.store = store;
        this.writer = writer;
        this.verification = verification;
        this.archive = archive;
    }

    /** The services this partner may use, each with its contract. */
    @GetMapping("/api/v1/services")
    public Map<String, Object> services(@RequestAttribute(PartnerGate.PARTNER) String partner) {
        List<Map<String, Object>> services = directory.partners().get(partner).services().stream()
                .filter(directory.services()::containsKey).sorted().map(id -> {
                    var service = directory.services().get(id);
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("id", id);
                    entry.put("title", service.title());
                    entry.put("paths", service.paths());
                    entry.put("contract", service.contract());
                    return entry;
                }).toList();
        return Map.of("partner", partner, "services", services);
    }

    /** This partner's own exchanges (operational data: times, sizes, outcomes; no bodies), and no one else's. */
    @GetMapping("/api/v1/partners/me/exchanges")
    public Map<String, Object> ownExchanges(@RequestAttribute(PartnerGate.PARTNER) String partner,
                                            @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to) {
        writer.flush();
        Instant until = instant("to", to, Instant.now().plus(1, ChronoUnit.SECONDS));
        Instant since = instant("from", from, until.minus(1, ChronoUnit.DAYS));
        List<Map<String, Object>> exchanges = store.byPartner(partner, since, until, PAGE).stream()
                .map(row -> operational(row, false)).toList();
        return Map.of("partner", partner, "from", since, "to", until, "exchanges", exchanges);
    }

    /** Every hop of one business exchange, in order, across REST, SOAP and JMS. */
    @GetMapping("/api/v1/admin/exchanges/{correlationId}")
    public Map<String, Object> exchange(@PathVariable String correlationId) {
        writer.flush();
        return Map.of("correlationId", correlationId,
                "hops", store.byCorrelation(correlationId).stream().map(row -> operational(row, true)).toList());
    }

    @GetMapping("/api/v1/admin/message-log/verify")
    public Map<String, Object> verify() {
        return verification.verify();
    }

    /** Archives now what is older than {@code olderThan} (an instant), or than the retention. */
    @PostMapping("/api/v1/admin/message-log/archive")
    public Map<String, Object> archive(@RequestParam(required = false) String olderThan) throws IOException {
        return olderThan == null ? archive.archiveExpired() : archive.archive(instant("olderThan", olderThan, null));
    }

    private static Map<String, Object> operational(MessageLogStore.Row row, boolean withBody) {
        var e = row.entry();
        Map<String, Object> hop = new LinkedHashMap<>();
        hop.put("id", row.id());
        hop.put("at", e.at());
        hop.put("correlationId", e.correlationId());
        hop.put("partner", e.partner());
        hop.put("service", e.service());
        hop.put("direction", e.direction());
        hop.put("channel", e.channel());
        hop.put("endpoint", e.endpoint());
        hop.put("outcome", e.outcome());
        hop.put("faultCode", e.faultCode());
        hop.put("statusCode", e.statusCode());
        hop.put("size", e.size());
        hop.put("durationMs", e.durationMs());
        if (withBody) {
            hop.put("bodyHash", e.bodyHash());
            hop.put("body", e.body());
        }
        return hop;
    }

    private static Instant instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw HubProblem.invalidRequest(field, "format");
        }
    }
}
