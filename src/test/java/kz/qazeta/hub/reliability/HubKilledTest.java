package kz.qazeta.hub.reliability;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub killed with SIGKILL ({@code Process.destroyForcibly()}), not stopped, as a real process, with e-Visa
 * applications held at each step of the flow, then started again on the same files: every application resumes and
 * ends ISSUED, each status once in its history, one visa each. The steps are held with the partners' knobs: the
 * registry and the gateway reached through {@link FaultyLink}s that hang (a call in flight, its JMS message not yet
 * acknowledged), the payer not paying, the issuance system's consumers held back (its request waiting in the
 * broker). A second kill comes right after payments, while callbacks, requests and decisions are moving.
 */
@Tag("reliability")
class HubKilledTest {

    private static final String AREA = "faults: hub killed (kill -9)";
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @Test
    void everyApplicationHeldAtAStepEndsIssuedAfterTheHubIsKilled() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-killed");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int hubPort = port;
        List<String> lost = new ArrayList<>();
        Map<String, String> applications = new LinkedHashMap<>();
        try (FaultyLink registry = new FaultyLink(() -> hubPort); FaultyLink gateway = new FaultyLink(() -> hubPort)) {
            String[] partners = {
                    "--qazeta.partners.invitation-registry.url=" + registry.url("/services/sandbox/police/invitation-registry"),
                    "--qazeta.partners.invitation-registry.receive-timeout-ms=120000",
                    "--qazeta.partners.payment-gateway.url=" + gateway.url("/sandbox/payment-gateway/api"),
                    "--qazeta.partners.payment-gateway.response-timeout-ms=120000",
                    "--qazeta.evisa.resume.watchdog=PT10S"};

            HubProcess first = HubProcess.start(data, port, "first", with(partners, "--qazeta.sandbox.visa-issuance.auto-startup=false"));
            try {
                // held at AWAITING_PAYMENT: the payer has not paid
                applications.put("AWAITING_PAYMENT (payer not paid)", submit(first));
                // held at ISSUANCE_REQUESTED: paid, the request waits in the broker for the held-back issuance system
                String requested = submit(first);
                pay(first, requested);
                first.await(view(requested), v -> "ISSUANCE_REQUESTED".equals(v.path("status").asText()), PATIENCE);
                applications.put("ISSUANCE_REQUESTED (request in the broker)", requested);
                // held at INVITATION_VERIFIED: the payment request is in flight, its message not acknowledged
                gateway.hang().resetCount();
                String verified = submit(first, "INVITATION_VERIFIED");
                applications.put("INVITATION_VERIFIED (payment request in flight)", verified);
                // held at RECEIVED: the registry call is in flight, its message not acknowledged
                registry.hang().resetCount();
                String received = submit(first, "RECEIVED");
                applications.put("RECEIVED (invitation check in flight)", received);
                awaitCalls(registry, gateway);
            } finally {
                first.kill();
            }
            registry.pass();
            gateway.pass();

            HubProcess second = HubProcess.start(data, port, "second", partners);
            try {
                // every application goes on from where it was; the unpaid ones wait for their payer, who pays now
                for (String id : applications.values()) {
                    JsonNode view = second.await(view(id), v -> List.of("AWAITING_PAYMENT", "ISSUED")
                            .contains(v.path("status").asText()), PATIENCE);
                    if ("AWAITING_PAYMENT".equals(view.path("status").asText())) {
                        pay(second, id);
                    }
                }
            } finally {
                // the second kill: payments, requests and decisions on the move
                second.kill();
            }

            HubProcess third = HubProcess.start(data, port, "third", partners);
            try {
                for (var application : applications.entrySet()) {
                    String id = application.getValue();
                    try {
                        JsonNode view = third.await(view(id), v -> List.of("AWAITING_PAYMENT", "ISSUED")
                                .contains(v.path("status").asText()), PATIENCE);
                        if ("AWAITING_PAYMENT".equals(view.path("status").asText())) {
                            // the kill cut the gateway's callback: it sends it again, as gateways do
                            third.post("/sandbox/payments/" + view.path("payment").path("id").asText() + "/resend-callback", "");
                        }
                        JsonNode issued = third.await(view(id), v -> "ISSUED".equals(v.path("status").asText()), PATIENCE);
                        List<String> history = issued.path("history").findValuesAsText("status");
                        if (!history.equals(List.of("RECEIVED", "INVITATION_VERIFIED", "AWAITING_PAYMENT", "PAID",
                                "ISSUANCE_REQUESTED", "ISSUED"))) {
                            lost.add(application.getKey() + ": history " + history);
                        }
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        lost.add(application.getKey() + ": ended " + third.get(view(id)).path("status").asText());
                    }
                }
                long visas = applications.values().stream().map(id -> {
                    try {
                        return third.get(view(id)).path("visa").path("number").asText();
                    } catch (Exception e) {
                        return "";
                    }
                }).filter(n -> !n.isEmpty()).distinct().count();
                if (visas != applications.size()) {
                    lost.add("visas issued: " + visas + " for " + applications.size() + " applications");
                }
            } finally {
                third.close();
            }
        }
        applications.keySet().forEach(step -> ReliabilityLedger.record(AREA, "held at " + step, 1,
                (int) lost.stream().filter(l -> l.startsWith(step)).count(),
                "killed twice (held, then mid-payment); resumes and ends ISSUED once"));
        ReliabilityLedger.record(AREA, "visas issued once each", applications.size(),
                (int) lost.stream().filter(l -> l.startsWith("visas")).count(), "one visa per application after two kills");
        assertThat(lost).isEmpty();
    }

    private static String[] with(String[] settings, String more) {
        String[] all = java.util.Arrays.copyOf(settings, settings.length + 1);
        all[settings.length] = more;
        return all;
    }

    private static String view(String id) {
        return "/api/v1/evisa/applications/" + id;
    }

    /** Submits an application on a new invitation and waits until it is AWAITING_PAYMENT. */
    private static String submit(HubProcess hub) throws Exception {
        return submit(hub, "AWAITING_PAYMENT");
    }

    private static String submit(HubProcess hub, String status) throws Exception {
        String passport = "K" + (1_000_000 + (int) (Math.random() * 8_000_000));
        String invitation = "INV-KILL-" + System.nanoTime();
        var registered = hub.post("/sandbox/police/invitations", """
                {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"B12",
                 "applicant":{"passportNumber":"%s","nationality":"JAM","surname":"BROWN","givenNames":"ALEX",
                              "dateOfBirth":"1990-05-17"},"validFrom":"%s","validUntil":"%s"}
                """.formatted(invitation, passport, LocalDate.now(), LocalDate.now().plusYears(1)));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        var submitted = hub.post("/api/v1/evisa/applications", FrontDoorRequests.evisa(passport, invitation));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(submitted.body()).path("id").asText();
        hub.await(view(id), v -> status.equals(v.path("status").asText()), PATIENCE);
        return id;
    }

    private static void pay(HubProcess hub, String id) throws Exception {
        String payment = hub.await(view(id), v -> "AWAITING_PAYMENT".equals(v.path("status").asText()), PATIENCE)
                .path("payment").path("id").asText();
        hub.post("/sandbox/payments/" + payment + "/complete", "");
    }

    /** Waits until the held calls have reached the hanging links (the steps are really in flight). */
    private static void awaitCalls(FaultyLink registry, FaultyLink gateway) {
        org.awaitility.Awaitility.await().atMost(PATIENCE)
                .until(() -> registry.connections() > 0 && gateway.connections() > 0);
    }
}
