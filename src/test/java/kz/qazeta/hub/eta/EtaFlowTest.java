package kz.qazeta.hub.eta;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ETA end to end: the front door, the Border Service twin over JMS, border control's topic, revocation. */
class EtaFlowTest extends HubTestSupport {

    private static final String SUBMIT = "/api/v1/eta/applications";

    @Autowired
    ConnectionFactory connectionFactory;

    private Connection connection;
    private final List<String[]> borderEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listenAtBorderControl() throws JMSException {
        connection = connectionFactory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createTopic("partner.border-control.eta-events")).setMessageListener(m -> {
            try {
                borderEvents.add(new String[] {((TextMessage) m).getText(), m.getStringProperty("_AMQ_DUPL_ID"),
                        String.valueOf(m.getJMSDeliveryMode())});
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();
    }

    @AfterEach
    void stop() throws JMSException {
        connection.close();
    }

    private static String eta(String passport, String nationality, String passportType, OffsetDateTime arrival,
                              boolean delegation, boolean diplomat) {
        return """
                {"traveller":{"passportNumber":"%s","passportType":"%s","nationality":"%s","surname":"SMITH",
                              "givenNames":"JO","dateOfBirth":"1985-02-03","sex":"F","passportExpiry":"2032-01-01"},
                 "plannedArrival":"%s","purpose":"TOURISM","officialDelegationMember":%s,"accreditedDiplomat":%s}
                """.formatted(passport, passportType, nationality, arrival, delegation, diplomat);
    }

    private static OffsetDateTime inFourDays() {
        return OffsetDateTime.now(ZoneOffset.ofHours(5)).plusDays(4).withNano(0);
    }

    @Test
    void aVisaExemptTravellerGetsAnEtaAndBorderControlHearsOfIt() {
        String passport = newPassport();
        var submitted = post(SUBMIT, eta(passport, "DEU", "ORDINARY", inFourDays(), false, false), Map.of());
        assertThat(submitted.statusCode()).isEqualTo(202);
        assertThat(json(submitted).path("notice").asText()).contains("does not guarantee entry");
        String id = json(submitted).path("id").asText();

        JsonNode issued = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(get(SUBMIT + "/" + id, Map.of())), v -> "ISSUED".equals(v.path("status").asText()));

        String number = issued.path("eta").path("number").asText();
        assertThat(number).startsWith("KZ-ETA-");
        assertThat(OffsetDateTime.parse(issued.path("plannedArrival").asText()).getOffset()).isEqualTo(ZoneOffset.ofHours(5));
        assertThat(java.time.LocalDate.parse(issued.path("eta").path("validUntil").asText()))
                .isEqualTo(java.time.LocalDate.parse(issued.path("eta").path("validFrom").asText()).plusDays(180));
        assertThat(issued.path("notice").asText()).contains("does not guarantee entry");
        await().atMost(Duration.ofSeconds(10)).until(() -> borderEvents.stream().anyMatch(e -> e[0].contains(number)));
        String[] event = borderEvents.stream().filter(e -> e[0].contains(number)).findFirst().orElseThrow();
        assertThat(event[0]).contains("\"event\":\"ETA_ISSUED\"");
        assertThat(event[1]).isEqualTo(number + ":ETA_ISSUED");                 // Artemis duplicate-detection id
        assertThat(event[2]).isEqualTo(String.valueOf(jakarta.jms.DeliveryMode.PERSISTENT));

        // the issuing authority revokes it; the front door cannot
        var byFrontDoor = post("/api/v1/eta-authority/applications/" + id + "/revocation", "{\"reason\":\"x\"}", Map.of());
        var byAuthority = post("/api/v1/eta-authority/applications/" + id + "/revocation",
                "{\"reason\":\"document reported stolen\"}", Map.of("X-Api-Key", "sandbox-migration-authority-key"));
        assertThat(byFrontDoor.statusCode()).isEqualTo(403);
        assertThat(byAuthority.statusCode()).isEqualTo(200);
        JsonNode revoked = json(get(SUBMIT + "/" + id, Map.of("Accept-Language", "ru")));
        assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.path("reason").path("message").asText()).contains("document reported stolen");
        await().atMost(Duration.ofSeconds(10)).until(() -> borderEvents.stream()
                .anyMatch(e -> e[0].contains(number) && e[0].contains("ETA_REVOKED")));
    }

    @Test
    void aScreeningHitRefusesTheEtaWithANeutralReason() {
        String id = json(post(SUBMIT, eta("HIT" + newPassport().substring(1), "DEU", "ORDINARY", inFourDays(), false, false),
                Map.of())).path("id").asText();

        JsonNode refused = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(get(SUBMIT + "/" + id, Map.of())), v -> "REFUSED".equals(v.path("status").asText()));

        assertThat(refused.path("reason").path("code").asText()).isEqualTo("eta-refused");
        assertThat(refused.path("reason").path("message").asText()).isEqualTo("The ETA cannot be issued.");
        assertThat(refused.path("eta").isNull() || refused.path("eta").isMissingNode()).isTrue();
    }

    @Test
    void exemptTravellersAreToldTheyNeedNoEtaAndNothingIsIssued() {
        var diplomatic = post(SUBMIT, eta(newPassport(), "DEU", "DIPLOMATIC", inFourDays(), false, false),
                Map.of("Accept-Language", "kk"));
        var delegation = post(SUBMIT, eta(newPassport(), "DEU", "ORDINARY", inFourDays(), true, false), Map.of());

        assertThat(diplomatic.statusCode()).isEqualTo(200);
        assertThat(json(diplomatic).path("etaRequired").asBoolean(true)).isFalse();
        assertThat(json(diplomatic).path("reason").path("message").asText()).contains("Дипломатиялық");
        assertThat(json(delegation).path("reason").path("code").asText()).isEqualTo("official-delegation");
        assertThat(json(delegation).has("id")).isFalse();
    }

    @Test
    void tooLateIsRefusedWithByHowMuchAndAnOffsetlessTimeIsMalformed() {
        var late = post(SUBMIT, eta(newPassport(), "DEU", "ORDINARY",
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(71), false, false), Map.of());
        var noOffset = post(SUBMIT, eta(newPassport(), "DEU", "ORDINARY", inFourDays(), false, false)
                .replaceAll("\"plannedArrival\":\"([0-9T:-]+)\\+05:00\"", "\"plannedArrival\":\"$1\""), Map.of());

        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(json(late).path("type").asText()).endsWith("/eta-too-late");
        // an hour short (and the moments the request took): rounded up to the minute
        assertThat(json(late).path("detail").asText()).containsPattern("1 h [01] min").contains("Astana time");
        assertThat(noOffset.statusCode()).isEqualTo(400);
        assertThat(json(noOffset).path("errors").get(0).path("field").asText()).isEqualTo("plannedArrival");
    }

    @Test
    void aNationalityThatNeedsAVisaIsPointedToTheEvisa() {
        var jamaica = post(SUBMIT, eta(newPassport(), "JAM", "ORDINARY", inFourDays(), false, false), Map.of());

        assertThat(jamaica.statusCode()).isEqualTo(422);
        assertThat(json(jamaica).path("type").asText()).endsWith("/nationality-visa-required");
        assertThat(json(jamaica).path("detail").asText()).contains("e-Visa");
    }

    @Test
    void aReplacedVisaExemptListTakesEffectWithoutARebuild() throws Exception {
        Map<String, String> operator = Map.of("X-Api-Key", OPERATOR_KEY, "Content-Type", "text/csv");
        String shipped = new ClassPathResource("reference/visa-exempt-countries.csv").getContentAsString(StandardCharsets.UTF_8);
        String withoutGermany = shipped.lines().filter(l -> !l.startsWith("DEU,")).reduce("", (a, b) -> a + b + "\n");
        try {
            var loaded = put("/api/v1/admin/reference/visa-exempt-countries", withoutGermany, operator);
            assertThat(loaded.statusCode()).isEqualTo(200);

            var germany = post(SUBMIT, eta(newPassport(), "DEU", "ORDINARY", inFourDays(), false, false), Map.of());
            assertThat(germany.statusCode()).isEqualTo(422);
            assertThat(json(germany).path("type").asText()).endsWith("/nationality-visa-required");
            assertThat(json(get("/api/v1/eta/requirements?nationality=DEU", Map.of())).path("requirement").asText())
                    .isEqualTo("NOT_ELIGIBLE");
        } finally {
            assertThat(put("/api/v1/admin/reference/visa-exempt-countries", shipped, operator).statusCode()).isEqualTo(200);
        }
        assertThat(post(SUBMIT, eta(newPassport(), "DEU", "ORDINARY", inFourDays(), false, false), Map.of()).statusCode())
                .isEqualTo(202);
        var bad = put("/api/v1/admin/reference/visa-exempt-countries", "iso3,name_en\nGermany,Germany\n", operator);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("iso3");
        // a row with a column missing puts the basis under max_stay_days: refused naming it, nothing loaded
        int lists = json(get("/api/v1/admin/reference/visa-exempt-countries", operator)).size();
        var shifted = put("/api/v1/admin/reference/visa-exempt-countries",
                "iso3,name_en,region,max_stay_days,basis\nDEU,Germany,30,bilateral\n", operator);
        assertThat(shifted.statusCode()).isEqualTo(400);
        assertThat(json(shifted).path("errors").get(0).path("field").asText()).isEqualTo("max_stay_days");
        assertThat(json(get("/api/v1/admin/reference/visa-exempt-countries", operator)).size()).isEqualTo(lists);
    }

    @Test
    void aListTakesEffectOnItsDateJudgedOnTheDayOfArrival() throws Exception {
        Map<String, String> operator = Map.of("X-Api-Key", OPERATOR_KEY, "Content-Type", "text/csv");
        String shipped = new ClassPathResource("reference/visa-exempt-countries.csv").getContentAsString(StandardCharsets.UTF_8);
        String withoutUsa = shipped.lines().filter(l -> !l.startsWith("USA,")).reduce("", (a, b) -> a + b + "\n");
        java.time.LocalDate inTenDays = java.time.LocalDate.now(ZoneOffset.ofHours(5)).plusDays(10);
        try {
            put("/api/v1/admin/reference/visa-exempt-countries?effectiveFrom=" + inTenDays, withoutUsa, operator);

            var before = post(SUBMIT, eta(newPassport(), "USA", "ORDINARY", inFourDays(), false, false), Map.of());
            var after = post(SUBMIT, eta(newPassport(), "USA", "ORDINARY", inFourDays().plusDays(11), false, false), Map.of());

            assertThat(before.statusCode()).isEqualTo(202);
            assertThat(after.statusCode()).isEqualTo(422);
            assertThat(json(after).path("type").asText()).endsWith("/nationality-visa-required");
        } finally {
            put("/api/v1/admin/reference/visa-exempt-countries?effectiveFrom=" + inTenDays, shipped, operator);
        }
    }

    @Test
    void aRepeatedSubmissionWithTheSameKeyIsOneApplication() {
        String body = eta(newPassport(), "IND", "ORDINARY", inFourDays(), false, false);
        Map<String, String> key = Map.of("Idempotency-Key", "eta-" + System.nanoTime());

        var first = post(SUBMIT, body, key);
        var second = post(SUBMIT, body, key);

        assertThat(first.statusCode()).isEqualTo(202);   // India: on both lists, an ETA is fine
        assertThat(json(second).path("id").asText()).isEqualTo(json(first).path("id").asText());
        assertThat(post(SUBMIT, body.replace("TOURISM", "BUSINESS"), key).statusCode()).isEqualTo(409);
    }

    @Test
    void noPassportNumberReachesTheMessageLogFromTheBorderHops(
            @Autowired kz.qazeta.hub.exchange.messagelog.MessageLogStore messageLog) {
        String passport = newPassport();
        String correlationId = "eta-mask-" + System.nanoTime();
        String id = json(post(SUBMIT, eta(passport, "DEU", "ORDINARY", inFourDays(), false, false),
                Map.of("X-Correlation-Id", correlationId))).path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get(SUBMIT + "/" + id, Map.of())).path("status").asText(),
                "ISSUED"::equals);

        List<String> bodies = await().atMost(Duration.ofSeconds(10)).until(() -> messageLog.byCorrelation(correlationId)
                .stream().map(kz.qazeta.hub.exchange.messagelog.MessageLogStore.Row::entry)
                .filter(e -> List.of("border-service", "border-control").contains(e.partner()))
                .map(kz.qazeta.hub.exchange.messagelog.MessageLogEntry::body).toList(), b -> b.size() >= 2);
        assertThat(bodies).noneMatch(b -> b != null && b.contains(passport))
                .anyMatch(b -> b != null && b.contains("\"documentNumber\":\"T***"));
    }

    @Test
    void requirementsAnswerForEachCase() {
        assertThat(json(get("/api/v1/eta/requirements?nationality=DEU&arrival=2027-07-02T10:00:00%2B05:00", Map.of()))
                .path("requirement").asText()).isEqualTo("MANDATORY");
        assertThat(json(get("/api/v1/eta/requirements?nationality=USA&arrival=2027-07-02T10:00:00%2B05:00", Map.of()))
                .path("requirement").asText()).isEqualTo("RECOMMENDED");
        // a '+' left unencoded in the query arrives as a space, and is still understood
        assertThat(json(get("/api/v1/eta/requirements?nationality=DEU&arrival=2027-07-02T10:00:00+05:00", Map.of()))
                .path("requirement").asText()).isEqualTo("MANDATORY");
        assertThat(json(get("/api/v1/eta/requirements?nationality=USA&passportType=SERVICE", Map.of()))
                .path("requirement").asText()).isEqualTo("NOT_NEEDED");
        var bad = get("/api/v1/eta/requirements?nationality=germany", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("nationality");
    }
}
