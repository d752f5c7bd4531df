package kz.qazeta.hub.evisa;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The front door's invitation lookup end to end: REST in, the police registry twin asked over SOAP, JSON back;
 * an unknown invitation in three languages, a malformed number, a registry failing or too slow, a partner
 * without the e-Visa grant, and the invited person masked in the message log.
 */
class EvisaInvitationLookupTest extends HubTestSupport {

    private static final String LOOKUP = "/api/v1/evisa/invitations/";

    @Test
    void answersTheRegistrysRecordOfTheInvitation() {
        String number = "INV-LOOKUP-" + System.nanoTime();
        String passport = newPassport();
        registerInvitation(number, passport, "JAM", "B12");
        String correlationId = "lookup-" + UUID.randomUUID();

        var response = get(LOOKUP + number, Map.of("X-Correlation-Id", correlationId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        JsonNode invitation = json(response);
        assertThat(invitation.path("invitationNumber").asText()).isEqualTo(number);
        assertThat(invitation.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(invitation.path("category").asText()).isEqualTo("B12");
        assertThat(invitation.path("inviter").asText()).isEqualTo("TOO Test Tours");
        assertThat(invitation.path("validFrom").asText()).isEqualTo(LocalDate.now().toString());
        assertThat(invitation.path("validUntil").asText()).isEqualTo(LocalDate.now().plusYears(1).toString());
        JsonNode person = invitation.path("invitedPerson");
        assertThat(person.path("passportNumber").asText()).isEqualTo(passport);
        assertThat(person.path("nationality").asText()).isEqualTo("JAM");
        assertThat(person.path("surname").asText()).isEqualTo("BROWN");
        assertThat(person.path("givenNames").asText()).isEqualTo("ALEX");
        assertThat(person.path("dateOfBirth").asText()).isEqualTo("1990-05-17");
        assertThat(invitation.has("registeredBy")).isFalse();

        // the whole exchange is in the message log, the invited person masked in every body
        JsonNode hops = await().atMost(Duration.ofSeconds(10)).until(() -> json(get(
                "/api/v1/admin/exchanges/" + correlationId, Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"), h -> h.size() == 4);
        List<String> path = new java.util.ArrayList<>();
        hops.forEach(h -> path.add(h.path("partner").asText() + " " + h.path("channel").asText() + " " + h.path("direction").asText()));
        assertThat(path).containsExactly("qazeta-front-door REST IN", "invitation-registry SOAP OUT",
                "invitation-registry SOAP IN", "qazeta-front-door REST OUT");
        List<String> bodies = hops.findValuesAsText("body");
        assertThat(bodies).hasSize(3).noneMatch(b -> b.contains(passport) || b.contains("BROWN") || b.contains("1990-05-17"));
        assertThat(bodies).anyMatch(b -> b.contains("CheckInvitationRequest") && b.contains(number))
                .anyMatch(b -> b.contains("passportNumber>T***"))
                .anyMatch(b -> b.contains("\"passportNumber\":\"T***") && b.contains("\"category\":\"B12\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            en | Invitation not found
            kk | Шақыру табылмады
            ru | Приглашение не найдено
            """)
    void anUnknownInvitationIsA404InTheCallersLanguage(String language, String title) {
        String number = "INV-NONE-" + System.nanoTime();

        var response = get(LOOKUP + number, Map.of("Accept-Language", language));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).endsWith("/invitation-not-found");
        assertThat(problem.path("title").asText()).isEqualTo(title);
        assertThat(problem.path("detail").asText()).contains(number);
    }

    @Test
    void aMalformedNumberIsA400NamingIt() {
        var response = get(LOOKUP + "INV_" + "9".repeat(50), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("number");
    }

    @Test
    void aPartnerWithoutTheEvisaGrantGetsNoInvitation() {
        String number = "INV-LOOKUP-" + System.nanoTime();
        registerInvitation(number, newPassport(), "JAM", "B12");

        assertThat(get(LOOKUP + number, Map.of("X-Api-Key", OPERATOR_KEY)).statusCode()).isEqualTo(403);
        assertThat(get(LOOKUP + number, Map.of("X-Api-Key", "no-such-key")).statusCode()).isEqualTo(401);
    }

    @Test
    void aRegistryThatFailsOrAnswersTooLateIsA503AndTheLookupRecovers() {
        String number = "INV-LOOKUP-" + System.nanoTime();
        registerInvitation(number, newPassport(), "JAM", "B12");
        try {
            put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":100}");
            var failing = get(LOOKUP + number, Map.of("Accept-Language", "ru"));
            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(json(failing).path("type").asText()).endsWith("/service-unavailable");
            assertThat(json(failing).path("title").asText()).isEqualTo("Сервис временно недоступен");

            put("/sandbox/police/behaviour", "{\"delayMillis\":3000,\"faults\":0}");
            assertThat(get(LOOKUP + number, Map.of()).statusCode()).isEqualTo(503);
        } finally {
            put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        }
        // once the registry answers again (and the circuit, if it opened, lets calls through) the lookup works
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(LOOKUP + number, Map.of()).statusCode() == 200);
    }
}
