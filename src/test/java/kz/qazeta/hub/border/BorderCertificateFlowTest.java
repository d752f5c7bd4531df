package kz.qazeta.hub.border;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import kz.qazeta.hub.HubTestSupport;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Certificates of border crossing end to end: the front door over HTTP, the Border Service twin's crossing
 * database read over SQL on the hub's own read-only connection, the signed certificate in the hub's database, the
 * PDF read back, and verification by anyone holding the certificate.
 */
class BorderCertificateFlowTest extends HubTestSupport {

    static final String CERTIFICATES = "/api/v1/border-crossings/certificates";
    static final String SMITH = request("PASSPORT", "N1234567", "GBR", "GBR", "1980-04-01", "2025-01-01", "2026-11-01");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    kz.qazeta.hub.exchange.messagelog.MessageLogStore messageLog;

    @Autowired
    BorderServiceDatabase borderServiceDatabase;

    static String request(String type, String number, String country, String nationality, String dateOfBirth,
                          String from, String to) {
        return """
                {"document":{"type":"%s","number":"%s","issuingCountry":"%s"},"nationality":"%s",
                 "dateOfBirth":"%s","period":{"from":"%s","to":"%s"}}
                """.formatted(type, number, country, nationality, dateOfBirth, from, to);
    }

    static JsonNode issue(String body) {
        var response = post(CERTIFICATES, body, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    @Test
    void aMatchingPersonGetsASignedCertificateOfTheirCrossingsInThePeriod() {
        String correlationId = "border-" + UUID.randomUUID();
        var response = post(CERTIFICATES, SMITH, Map.of("X-Correlation-Id", correlationId));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode certificate = json(response);
        String id = certificate.path("id").asText();
        assertThat(response.headers().firstValue("Location")).contains(CERTIFICATES + "/" + id);
        assertThat(certificate.path("holder").path("surname").asText()).isEqualTo("SMITH");
        assertThat(certificate.path("holder").path("document").path("number").asText()).isEqualTo("N1234567");
        // the 2023 trip is outside the period
        assertThat(certificate.path("crossings").findValuesAsText("direction")).containsExactly("ENTRY", "EXIT", "ENTRY", "EXIT");
        assertThat(certificate.path("crossings").get(0).path("at").asText()).isEqualTo("2025-03-04T10:15:00+05:00");
        assertThat(certificate.path("crossings").get(1).path("checkpoint").path("code").asText()).isEqualTo("KHR-ROAD");
        assertThat(certificate.path("entries").asInt()).isEqualTo(2);
        assertThat(certificate.path("verificationCode").asText()).matches("[A-Z2-9]{20}");
        assertThat(certificate.path("verificationUrl").asText()).endsWith("/verify/" + certificate.path("verificationCode").asText());

        JsonNode shown = json(get(CERTIFICATES + "/" + id, Map.of()));
        assertThat(shown).isEqualTo(certificate);
        assertThat(jdbc.queryForObject("select count(*) from border_certificate_crossing where certificate_id = ?",
                Integer.class, id)).isEqualTo(4);

        // the SQL hops are in the message log under the Border Service, and no personal data is in any body
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId,
                Map.of("X-Api-Key", OPERATOR_KEY))).path("hops").findValuesAsText("channel").contains("SQL"));
        JsonNode hops = json(get("/api/v1/admin/exchanges/" + correlationId, Map.of("X-Api-Key", OPERATOR_KEY))).path("hops");
        List<JsonNode> sql = new ArrayList<>();
        hops.forEach(hop -> {
            if ("SQL".equals(hop.path("channel").asText())) {
                sql.add(hop);
            }
        });
        assertThat(sql).hasSize(4).allMatch(hop -> hop.path("partner").asText().equals("border-service")
                && hop.path("service").asText().equals("border-certificate"));
        assertThat(hops.findValuesAsText("body")).isNotEmpty()
                .noneMatch(body -> body.contains("N1234567") || body.contains("SMITH") || body.contains("1980-04-01"));
    }

    @Test
    void noMatchGivesTheSameAnswerWhoeverTheDocumentBelongsTo() {
        List<String> strangers = List.of(
                request("PASSPORT", "N1234567", "GBR", "GBR", "1980-04-02", "2025-01-01", "2026-11-01"),   // wrong date of birth
                request("PASSPORT", "N1234567", "GBR", "IRL", "1980-04-01", "2025-01-01", "2026-11-01"),   // wrong nationality
                request("PASSPORT", "N1234567", "USA", "GBR", "1980-04-01", "2025-01-01", "2026-11-01"),   // another issuing country
                request("ID_CARD", "N1234567", "GBR", "GBR", "1980-04-01", "2025-01-01", "2026-11-01"),    // another kind of document
                request("PASSPORT", "Q0000001", "GBR", "GBR", "1980-04-01", "2025-01-01", "2026-11-01"));  // unknown document
        List<JsonNode> answers = new ArrayList<>();
        for (String stranger : strangers) {
            var response = post(CERTIFICATES, stranger, Map.of("Accept-Language", "ru"));
            assertThat(response.statusCode()).isEqualTo(404);
            ObjectNode problem = (ObjectNode) json(response);
            problem.remove("correlationId");
            answers.add(problem);
        }
        assertThat(answers).allMatch(answers.get(0)::equals);
        assertThat(answers.get(0).path("type").asText()).endsWith("/problems/border-person-not-found");
        assertThat(answers.get(0).path("title").asText()).isEqualTo("Лицо не найдено");
        assertThat(answers.get(0).toString()).doesNotContain("SMITH", "1980", "N1234567");
    }

    @Test
    void aMatchedPersonWithNoCrossingsInThePeriodGetsACertificateListingNone() {
        JsonNode certificate = issue(request("PASSPORT", "C0345678", "DEU", "DEU", "1975-09-30", "2025-01-01", "2026-11-01"));

        assertThat(certificate.path("crossings").isEmpty()).isTrue();
        assertThat(certificate.path("entries").asInt()).isZero();
        assertThat(certificate.path("holder").path("surname").asText()).isEqualTo("MÜLLER");
        assertThat(certificate.path("note").asText()).contains("No border crossings");
        assertThat(json(get(certificate.path("verificationUrl").asText().replaceFirst("^http://[^/]+", ""), Map.of()))
                .path("genuine").asBoolean()).isTrue();
    }

    @Test
    void thePeriodIsBoundedAndInOrder() {
        var tooLong = post(CERTIFICATES, request("PASSPORT", "N1234567", "GBR", "GBR", "1980-04-01", "2020-01-01", "2025-01-02"),
                Map.of());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).path("errors").get(0).path("field").asText()).isEqualTo("period");
        assertThat(json(tooLong).path("detail").asText()).contains("period");

        // exactly five years is allowed
        issue(request("PASSPORT", "N1234567", "GBR", "GBR", "1980-04-01", "2020-01-01", "2025-01-01"));

        var reversed = post(CERTIFICATES, request("PASSPORT", "N1234567", "GBR", "GBR", "1980-04-01", "2026-11-01", "2025-01-01"),
                Map.of("Accept-Language", "kk"));
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(json(reversed).path("errors").get(0).path("field").asText()).isEqualTo("period.from");
        assertThat(json(reversed).path("errors").get(0).path("message").asText()).contains("period.to");

        var malformed = post(CERTIFICATES, request("PASSPORT", "n-1", "GBR", "GBR", "1980-04-01", "2025-01-01", "2026-01-01"),
                Map.of());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("errors").findValuesAsText("field")).containsExactly("document.number");
        var unknownType = post(CERTIFICATES, request("VISA", "N1234567", "GBR", "GBR", "1980-04-01", "2025-01-01", "2026-01-01"),
                Map.of());
        assertThat(json(unknownType).path("errors").findValuesAsText("field")).containsExactly("document.type");
    }

    @Test
    void aPeriodWithMoreCrossingsThanACertificateListsIsRefused() {
        // the lorry driver crossed twelve times in spring 2026; the tests' certificates list at most ten
        var refused = post(CERTIFICATES, request("PASSPORT", "FA7700111", "UZB", "UZB", "1988-06-05", "2026-01-01", "2026-11-01"),
                Map.of());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).path("type").asText()).endsWith("/border-crossings-too-many");
        assertThat(json(refused).path("detail").asText()).contains("10");

        JsonNode april = issue(request("PASSPORT", "FA7700111", "UZB", "UZB", "1988-06-05", "2026-04-01", "2026-04-30"));
        assertThat(april.path("crossings")).hasSize(5);
    }

    @Test
    void thePdfHasTheHeadingsInThreeLanguagesTheCrossingsAndAQrCodeOfTheVerificationLink() throws Exception {
        JsonNode certificate = issue(SMITH);
        String correlationId = "pdf-" + UUID.randomUUID();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(CERTIFICATES + "/"
                        + certificate.path("id").asText() + ".pdf"))).header("X-Api-Key", FRONT_DOOR_KEY)
                        .header("X-Correlation-Id", correlationId).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/pdf"));
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Мемлекеттік шекарадан өту туралы анықтама",   // Kazakh
                    "Справка о пересечении Государственной", "Certificate of crossing the State Border",
                    "Тұлға туралы мәліметтер", "Азаматтығы", "Өткізу пункті", "Кезең",
                    "SMITH", "N1234567", "2025-01-01 — 2026-11-01",
                    "2025-03-04 10:15", "Кіру / Въезд / Entry", "Almaty International Airport (ALA-AIR)",
                    "2025-03-20 18:40", "Шығу / Выезд / Exit", "Nur Zholy (Khorgos), road, China border (KHR-ROAD)",
                    certificate.path("verificationCode").asText(),
                    // printed without ligatures: the id and the link read back letter by letter
                    certificate.path("id").asText(), certificate.path("verificationUrl").asText())
                    .doesNotContain("2023-08-10");
            List<PDImageXObject> images = images(pdf.getPage(0).getResources());
            assertThat(images).hasSize(1);
            assertThat(qr(images.get(0).getImage())).isEqualTo(certificate.path("verificationUrl").asText());
        }
        // the message log keeps the PDF by its size and hash, not its bytes
        var answer = await().atMost(Duration.ofSeconds(10)).until(() -> messageLog.byCorrelation(correlationId).stream()
                .map(kz.qazeta.hub.exchange.messagelog.MessageLogStore.Row::entry)
                .filter(e -> e.direction() == kz.qazeta.hub.exchange.messagelog.MessageLogEntry.Direction.OUT).toList(),
                rows -> rows.size() == 1).get(0);
        assertThat(answer.size()).isEqualTo(response.body().length);
        assertThat(answer.bodyHash()).isNotNull();
        assertThat(answer.body()).isNull();
    }

    @Test
    void anyoneHoldingACertificateVerifiesItWithoutAKey() throws IOException, InterruptedException {
        JsonNode certificate = issue(SMITH);
        String verify = CERTIFICATES + "/verify/" + certificate.path("verificationCode").asText();

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(url(verify))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(json(anonymous).path("genuine").asBoolean()).isTrue();
        assertThat(json(anonymous).path("certificate").path("id").asText()).isEqualTo(certificate.path("id").asText());
        assertThat(json(anonymous).path("certificate").path("crossings")).hasSize(4);
        // the front door may verify too; a wrong key is refused as anywhere
        assertThat(get(verify, Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(verify, Map.of("X-Api-Key", "no-such-key")).statusCode()).isEqualTo(401);
        // without a key, nothing else is open: not the certificate, not an issue
        HttpResponse<String> peek = HTTP.send(HttpRequest.newBuilder(URI.create(url(CERTIFICATES + "/"
                + certificate.path("id").asText()))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(peek.statusCode()).isEqualTo(401);

        var unknown = get(CERTIFICATES + "/verify/ABCDEFGHJKLMNPQRSTUV", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("type").asText()).endsWith("/border-certificate-code-unknown");
        assertThat(get(CERTIFICATES + "/" + UUID.randomUUID(), Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aCertificateAlteredInTheDatabaseFailsVerificationAndIsNotShown() {
        JsonNode moved = issue(SMITH);
        JsonNode older = issue(SMITH);
        jdbc.update("update border_certificate_crossing set checkpoint_name = 'Somewhere else' where certificate_id = ? and seq = 2",
                moved.path("id").asText());
        jdbc.update("update border_certificate set date_of_birth = DATE '1981-04-01' where id = ?", older.path("id").asText());

        for (JsonNode altered : List.of(moved, older)) {
            JsonNode verdict = json(get(CERTIFICATES + "/verify/" + altered.path("verificationCode").asText(),
                    Map.of("Accept-Language", "en")));
            assertThat(verdict.path("genuine").asBoolean()).isFalse();
            assertThat(verdict.path("reason").path("code").asText()).isEqualTo("border-certificate-altered");
            assertThat(verdict.has("certificate")).isFalse();
            var shown = get(CERTIFICATES + "/" + altered.path("id").asText(), Map.of());
            assertThat(shown.statusCode()).isEqualTo(409);
            assertThat(json(shown).path("type").asText()).endsWith("/border-certificate-altered");
            assertThat(get(CERTIFICATES + "/" + altered.path("id").asText() + ".pdf", Map.of()).statusCode()).isEqualTo(409);
        }
        // an untouched one is still genuine
        JsonNode intact = issue(SMITH);
        assertThat(json(get(CERTIFICATES + "/verify/" + intact.path("verificationCode").asText(), Map.of()))
                .path("genuine").asBoolean()).isTrue();
    }

    @Test
    void theHubReadsTheCrossingDatabaseAndCannotWriteIt() {
        JdbcTemplate border = new JdbcTemplate(borderServiceDatabase.dataSource());
        assertThat(border.queryForObject("select count(*) from border_crossing where document_number = 'N1234567'",
                Integer.class)).isEqualTo(6);
        assertThatThrownBy(() -> border.update("insert into checkpoint (code, name, kind) values ('X', 'X', 'AIR')"))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThatThrownBy(() -> border.update("delete from border_crossing"))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
    }

    static List<PDImageXObject> images(PDResources resources) throws IOException {
        List<PDImageXObject> images = new ArrayList<>();
        for (COSName name : resources.getXObjectNames()) {
            if (resources.getXObject(name) instanceof PDImageXObject image) {
                images.add(image);
            }
        }
        return images;
    }

    static String qr(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
