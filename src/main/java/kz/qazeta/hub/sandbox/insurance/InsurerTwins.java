package kz.qazeta.hub.sandbox.insurance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * What both medical insurer twins do, whatever their protocol: quote a stay (a premium per day by coverage, in
 * KZT) and issue the policy of a quote, once per quote. A tester makes an insurer fail through
 * {@code PUT /sandbox/insurers/{insurer}/behaviour} {@code {"failing":true}}, and reads what an insurer received
 * (each request: its operation, its {@code Idempotency-Key}, the names of its headers) through
 * {@code GET /sandbox/insurers/{insurer}/received}.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class InsurerTwins {

    public static final Set<String> INSURERS = Set.of("sunkar-insurance", "steppe-assurance");

    public record Quote(String quoteId, String reference, String coverage, BigDecimal premium, String currency,
                        LocalDate coverFrom, LocalDate coverUntil, String policyNumber) {
    }

    /** One request an insurer received, as a tester reads it back. */
    public record Received(String insurer, String operation, String idempotencyKey, List<String> headers) {
    }

    private final SandboxDatabase database;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public InsurerTwins(SandboxDatabase database) {
        this.database = database;
    }

    public void setFailing(String insurer, boolean fails) {
        if (fails) {
            failing.add(insurer);
        } else {
            failing.remove(insurer);
        }
    }

    public boolean failing(String insurer) {
        return failing.contains(insurer);
    }

    /** How an insurer writes its quote: "normal", or with a second end date as a "duplicate-key" or "trailing-text". */
    public void setAnswer(String insurer, String answer) {
        answers.put(insurer, answer);
    }

    public String answer(String insurer) {
        return answers.getOrDefault(insurer, "normal");
    }

    public void received(Received request) {
        received.add(request);
    }

    public List<Received> received(String insurer) {
        return received.stream().filter(r -> r.insurer().equals(insurer)).toList();
    }

    public Quote quote(String insurer, String reference, String coverage, LocalDate from, LocalDate until) {
        long days = ChronoUnit.DAYS.between(from, until) + 1;
        BigDecimal perDay = "EXTENDED".equals(coverage) ? new BigDecimal("950") : new BigDecimal("450");
        String quoteId = "Q-" + insurer.substring(0, 3).toUpperCase() + "-" + (100_000 + ThreadLocalRandom.current().nextInt(900_000));
        database.jdbc().update("""
                insert into insurer_quote values (:insurer, :quote, :reference, :coverage, :premium, 'KZT', :from, :until, null, :at)
                """, new MapSqlParameterSource().addValue("insurer", insurer).addValue("quote", quoteId)
                .addValue("reference", reference).addValue("coverage", coverage)
                .addValue("premium", perDay.multiply(BigDecimal.valueOf(days)).setScale(2, RoundingMode.UNNECESSARY))
                .addValue("from", from).addValue("until", until).addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
        return find(insurer, quoteId).orElseThrow();
    }

    /** The policy of a quote; asked again, the same policy. Empty when there is no such quote. */
    public synchronized Optional<Quote> issue(String insurer, String quoteId) {
        Optional<Quote> quote = find(insurer, quoteId);
        if (quote.isPresent() && quote.get().policyNumber() == null) {
            database.jdbc().update("update insurer_quote set policy_number = :policy where insurer = :insurer and quote_id = :quote",
                    Map.of("policy", "MED-" + insurer.substring(0, 3).toUpperCase() + "-" + (10_000_000 + ThreadLocalRandom.current().nextInt(90_000_000)),
                            "insurer", insurer, "quote", quoteId));
            quote = find(insurer, quoteId);
        }
        return quote;
    }

    private Optional<Quote> find(String insurer, String quoteId) {
        List<Quote> found = database.jdbc().query("select * from insurer_quote where insurer = :insurer and quote_id = :quote",
                Map.of("insurer", insurer, "quote", quoteId), (rs, n) -> new Quote(rs.getString("quote_id"),
                        rs.getString("reference"), rs.getString("coverage"), rs.getBigDecimal("premium"),
                        rs.getString("currency"), rs.getObject("cover_from", LocalDate.class),
                        rs.getObject("cover_until", LocalDate.class), rs.getString("policy_number")));
        return found.stream().findFirst();
    }
}
