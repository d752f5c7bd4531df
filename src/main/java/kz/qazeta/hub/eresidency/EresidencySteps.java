package kz.qazeta.hub.eresidency;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.contracts.companyregistrar.CancelRegistrationRequest;
import kz.qazeta.contracts.companyregistrar.Company;
import kz.qazeta.contracts.companyregistrar.Founder;
import kz.qazeta.contracts.companyregistrar.RegisterCompanyRequest;
import kz.qazeta.contracts.companyregistrar.RegisterCompanyResponse;
import kz.qazeta.contracts.companyregistrar.RegistrationRefused_Exception;
import kz.qazeta.hub.eresidency.EresidencyApplications.Application;
import kz.qazeta.hub.eresidency.EresidencyApplications.Column;
import kz.qazeta.hub.eresidency.EresidencyApplications.Compensation;
import kz.qazeta.hub.eresidency.EresidencyApplications.Due;
import kz.qazeta.hub.eresidency.EresidencyApplications.Status;
import kz.qazeta.hub.eresidency.EresidencyApplications.Step;
import kz.qazeta.hub.eresidency.EresidencyApplications.StepState;
import kz.qazeta.hub.eresidency.EresidencyApplications.StepStatus;
import org.apache.camel.Exchange;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The e-Residency onboarding's steps, called from its routes. Each step is taken from its own queue, claimed in
 * the database (so a repeated message does nothing), sent to its partner and recorded; a partner that cannot be
 * reached puts the step back with a growing back-off until its attempts run out, and the step then FAILED
 * waits for an operator. The IIN comes first; once it is done the other steps are queued together and run in
 * parallel, none waiting for or undoing another.
 */
@Component("eresidencySteps")
public class EresidencySteps {

    public static final String APPLICATION_ID = "applicationId";
    public static final String STEP = "eresidencyStep";
    public static final String POSTPONED = "eresidencyPostponed";
    /** the queues of the steps to start next (after the IIN) */
    public static final String NEXT_QUEUES = "eresidencyNextQueues";
    public static final String BANK_REQUEST_QUEUE = "eresidencyBankRequestQueue";
    public static final String BANK_REPLY_QUEUE = "eresidencyBankReplyQueue";
    public static final String OPERATOR_URL = "eresidencyOperatorUrl";
    /** how a withdrawn step is cancelled at its partner: bank, company-registrar, or none */
    public static final String COMPENSATE_VIA = "eresidencyCompensateVia";
    private static final Set<StepStatus> ANSWERABLE = EnumSet.of(StepStatus.IN_PROGRESS, StepStatus.FAILED);
    private static final Logger LOG = LoggerFactory.getLogger(EresidencySteps.class);

    private final EresidencyApplications applications;
    private final EresidencySettings settings;
    private final EresidencyQueues queues;
    private final ObjectMapper json;

    public EresidencySteps(EresidencyApplications applications, EresidencySettings settings, EresidencyQueues queues,
                           ObjectMapper json) {
        this.applications = applications;
        this.settings = settings;
        this.queues = queues;
        this.json = json;
    }

    // --- the IIN (REST) ---

    /** The IIN registry's request for the application in the body, or null when the step is not (any more) due. */
    public String iinRequest(Message message) throws JsonProcessingException {
        var claimed = claim(message, Step.IIN);
        if (claimed.isEmpty()) {
            return null;
        }
        Application a = claimed.get();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("reference", a.id());
        request.put("passportNumber", a.applicant().passportNumber());
        request.put("nationality", a.applicant().nationality());
        request.put("surname", a.applicant().surname());
        request.put("givenNames", a.applicant().givenNames());
        request.put("dateOfBirth", a.applicant().dateOfBirth().toString());
        request.put("sex", a.applicant().sex().name());
        return json.writeValueAsString(request);
    }

    /** Checks the IIN registry's answer: an IIN that fails its check digit is the partner's error. */
    public String checkIin(String answer) throws JsonProcessingException {
        String iin = json.readTree(answer).path("iin").asText("");
        if (!IdentificationNumber.isValid(iin)) {
            throw new PartnerAnswerInvalid("the IIN registry answered an invalid IIN");
        }
        return iin;
    }

    /** The IIN is done: recorded on the application; the steps that waited for it are handed to their queues. */
    @Transactional
    public void recordIin(Message message) throws JsonProcessingException {
        String id = message.getHeader(APPLICATION_ID, String.class);
        String iin = message.getBody(String.class);
        var columns = EresidencyApplications.columns();
        columns.put(Column.RESULT, json.writeValueAsString(Map.of("iin", iin)));
        List<String> next = new ArrayList<>();
        if (applications.transition(id, Step.IIN, Set.of(StepStatus.IN_PROGRESS), StepStatus.DONE, columns)) {
            applications.setIin(id, iin);
            OffsetDateTime watch = applications.now().plus(settings.watchdog());
            for (StepState step : applications.steps(id)) {
                if (step.step() != Step.IIN && step.status() == StepStatus.PENDING) {
                    var due = EresidencyApplications.columns();
                    due.put(Column.NEXT_ATTEMPT_AT, watch);
                    applications.update(id, step.step(), Set.of(StepStatus.PENDING), due);
                    next.add(queues.of(step.step()));
                }
            }
            LOG.info("e-Residency application {}: IIN issued; {} more step(s) started", id, next.size());
        }
        message.setHeader(NEXT_QUEUES, next);
        message.setBody(id);
        settle(id);
    }

    // --- the bank account (JMS, answered later on the bank's reply queue) ---

    public String bankRequest(Message message) throws JsonProcessingException {
        var claimed = claim(message, Step.BANK_ACCOUNT);
        if (claimed.isEmpty()) {
            return null;
        }
        Application a = claimed.get();
        StepState step = applications.step(a.id(), Step.BANK_ACCOUNT).orElseThrow();
        EresidencySettings.Bank bank = settings.banks().get(step.partner());
        JsonNode asked = json.readTree(a.services()).path("bankAccount");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "OPEN_ACCOUNT");
        request.put("requestId", step.requestId());
        request.put("reference", a.id());
        request.put("iin", a.iin());
        request.put("holder", holder(a));
        request.put("contact", Map.of("email", a.email(), "phone", a.phone()));
        request.put("currency", "KZT");
        request.put("card", asked.path("card").asBoolean(false));
        message.setHeader(BANK_REQUEST_QUEUE, bank.requestQueue());
        message.setHeader(BANK_REPLY_QUEUE, bank.replyQueue());
        return json.writeValueAsString(request);
    }

    /** The request is with the bank: it must answer by the configured time or the step fails. */
    public void bankRequested(Message message) {
        String id = message.getHeader(APPLICATION_ID, String.class);
        var columns = EresidencyApplications.columns();
        OffsetDateTime now = applications.now();
        columns.put(Column.REQUESTED_AT, now);
        columns.put(Column.ANSWER_DUE_AT, now.plus(settings.bankAnswerTimeout()));
        applications.update(id, Step.BANK_ACCOUNT, Set.of(StepStatus.IN_PROGRESS), columns);
    }

    /**
     * A bank's answer: an opened account (the number kept masked), a refusal, or the confirmation of a
     * cancellation. An answer that arrives after the step timed out still counts; a second copy, or an answer
     * to a withdrawn step, changes nothing.
     */
    @Transactional
    public void recordBankAnswer(Message message) throws JsonProcessingException {
        JsonNode answer = json.readTree(message.getBody(String.class));
        String id = answer.path("reference").asText();
        message.setHeader(APPLICATION_ID, id);
        String outcome = answer.path("outcome").asText();
        String bank = message.getHeader("eresidencyBank", String.class);
        var step = applications.step(id, Step.BANK_ACCOUNT);
        if (step.isEmpty() || !step.get().partner().equals(bank)) {
            // not this bank's customer: nothing to record (and nothing to redeliver)
            LOG.warn("A bank answer from {} names no bank step of its own ({})", bank, id);
            return;
        }
        var columns = EresidencyApplications.columns();
        boolean changed;
        switch (outcome) {
            case "OPENED" -> {
                String iban = answer.path("account").path("iban").asText("");
                if (!iban.matches("KZ[0-9]{2}[0-9A-Z]{16}")) {
                    columns.put(Column.REASON_CODE, "partner-invalid-answer");
                    columns.put(Column.REASON_DETAIL, "the bank answered without a valid account number");
                    changed = applications.transition(id, Step.BANK_ACCOUNT, ANSWERABLE, StepStatus.FAILED, columns);
                    break;
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("accountNumber", maskIban(iban));
                result.put("currency", answer.path("account").path("currency").asText("KZT"));
                if (answer.hasNonNull("card")) {
                    result.put("card", Map.of("maskedPan", answer.path("card").path("maskedPan").asText()));
                }
                columns.put(Column.RESULT, json.writeValueAsString(result));
                columns.put(Column.REASON_CODE, null);
                columns.put(Column.REASON_DETAIL, null);
                changed = applications.transition(id, Step.BANK_ACCOUNT, ANSWERABLE, StepStatus.DONE, columns);
            }
            case "REJECTED" -> {
                columns.put(Column.REASON_CODE, "bank-rejected");
                columns.put(Column.REASON_DETAIL, truncate(answer.path("reason").asText("")));
                changed = applications.transition(id, Step.BANK_ACCOUNT, ANSWERABLE, StepStatus.FAILED, columns);
            }
            case "CANCELLED" -> {
                columns.put(Column.COMPENSATION, Compensation.CONFIRMED);
                changed = applications.transition(id, Step.BANK_ACCOUNT, Set.of(StepStatus.CANCELLING),
                        StepStatus.CANCELLED, columns);
            }
            default -> throw new PartnerAnswerInvalid("a bank answered with the outcome '" + outcome + "'");
        }
        if (!changed) {
            LOG.info("e-Residency application {}: bank answer {} changes nothing (a repeat, or the step has moved on)", id, outcome);
        }
        settle(id);
    }

    // --- the e-SIM (REST) ---

    public String esimRequest(Message message) throws JsonProcessingException {
        var claimed = claim(message, Step.ESIM);
        if (claimed.isEmpty()) {
            return null;
        }
        Application a = claimed.get();
        StepState step = applications.step(a.id(), Step.ESIM).orElseThrow();
        message.setHeader(OPERATOR_URL, settings.mobileOperators().get(step.partner()).url());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("reference", a.id());
        request.put("iin", a.iin());
        request.put("subscriber", holder(a));
        request.put("email", a.email());
        return json.writeValueAsString(request);
    }

    /** Checks the mobile operator's answer inside the partner call: one without an activation code is its error. */
    public void checkEsim(String answer) throws JsonProcessingException {
        if (!json.readTree(answer).path("activationCode").asText("").startsWith("LPA:1$")) {
            throw new PartnerAnswerInvalid("the mobile operator answered without an activation code");
        }
    }

    @Transactional
    public void recordEsim(Message message) throws JsonProcessingException {
        String id = message.getHeader(APPLICATION_ID, String.class);
        JsonNode answer = json.readTree(message.getBody(String.class));
        String code = answer.path("activationCode").asText("");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("activationCode", code);
        result.put("msisdn", answer.path("msisdn").asText());
        var columns = EresidencyApplications.columns();
        columns.put(Column.RESULT, json.writeValueAsString(result));
        columns.put(Column.REASON_CODE, null);
        columns.put(Column.REASON_DETAIL, null);
        applications.transition(id, Step.ESIM, Set.of(StepStatus.IN_PROGRESS), StepStatus.DONE, columns);
        settle(id);
    }

    // --- the company (SOAP) ---

    public RegisterCompanyRequest companyRequest(Message message) throws JsonProcessingException {
        var claimed = claim(message, Step.COMPANY);
        if (claimed.isEmpty()) {
            return null;
        }
        Application a = claimed.get();
        JsonNode asked = json.readTree(a.services()).path("company");
        Founder founder = new Founder();
        founder.setIin(a.iin());
        founder.setSurname(a.applicant().surname());
        founder.setGivenNames(a.applicant().givenNames());
        founder.setNationality(a.applicant().nationality());
        Company company = new Company();
        company.setName(asked.path("name").asText());
        company.setActivityCode(asked.path("activity").asText());
        company.setShareCapital(new BigDecimal(asked.path("shareCapital").asText()));
        company.setCurrency("KZT");
        company.setRegisteredAddress(asked.path("address").asText());
        RegisterCompanyRequest request = new RegisterCompanyRequest();
        request.setReference(a.id());
        request.setFounder(founder);
        request.setCompany(company);
        return request;
    }

    /** Checks the registrar's answer inside the partner call: a registration number failing its check digit is its error. */
    public void checkCompany(Message message) {
        RegisterCompanyResponse response = message.getBody(RegisterCompanyResponse.class);
        if (response == null || !IdentificationNumber.isValid(response.getRegistrationNumber())) {
            throw new PartnerAnswerInvalid("the company registrar answered an invalid registration number");
        }
    }

    @Transactional
    public void recordCompany(Message message) throws JsonProcessingException {
        String id = message.getHeader(APPLICATION_ID, String.class);
        RegisterCompanyResponse response = message.getBody(RegisterCompanyResponse.class);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("registrationNumber", response.getRegistrationNumber());
        result.put("registeredAt", response.getRegisteredAt().toString());
        var columns = EresidencyApplications.columns();
        columns.put(Column.RESULT, json.writeValueAsString(result));
        columns.put(Column.REASON_CODE, null);
        columns.put(Column.REASON_DETAIL, null);
        applications.transition(id, Step.COMPANY, Set.of(StepStatus.IN_PROGRESS), StepStatus.DONE, columns);
        settle(id);
    }

    /** The registrar refused the registration (its declared fault): not worth retrying, the step fails with its reason. */
    @Transactional
    public void companyRefused(Exchange exchange) {
        String id = exchange.getMessage().getHeader(APPLICATION_ID, String.class);
        var refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RegistrationRefused_Exception.class);
        var columns = EresidencyApplications.columns();
        columns.put(Column.REASON_CODE, "registration-refused");
        columns.put(Column.REASON_DETAIL, refused == null || refused.getFaultInfo() == null ? null
                : truncate(refused.getFaultInfo().getCode() + ": " + refused.getFaultInfo().getReason()));
        applications.transition(id, Step.COMPANY, Set.of(StepStatus.IN_PROGRESS), StepStatus.FAILED, columns);
        LOG.info("e-Residency application {}: the company registrar refused the registration", id);
        settle(id);
    }

    // --- shared ---

    /**
     * The partner could not be reached, failed, or answered something invalid (after the route's own retries):
     * the step waits and goes again, each time twice as long, until its attempts run out and it FAILS.
     */
    @Transactional
    public void postpone(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(POSTPONED, true);
        String id = message.getHeader(APPLICATION_ID, String.class);
        Step step = message.getHeader(STEP, Step.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause instanceof PartnerAnswerInvalid ? "partner-invalid-answer" : "partner-unavailable";
        StepState state = applications.step(id, step).orElseThrow();
        var columns = EresidencyApplications.columns();
        columns.put(Column.REASON_CODE, reason);
        // an open circuit did not call the partner: that is no attempt, the step just waits
        boolean shortCircuited = cause == null || cause instanceof CallNotPermittedException;
        columns.put(Column.REASON_DETAIL, shortCircuited ? "circuit open"
                : truncate(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        if (shortCircuited) {
            columns.put(Column.ATTEMPTS, state.attempts() - 1);
        } else if (state.attempts() >= settings.maxAttempts()) {
            applications.transition(id, step, Set.of(StepStatus.IN_PROGRESS), StepStatus.FAILED, columns);
            LOG.warn("e-Residency application {}: step {} failed after {} attempts ({})", id, step, state.attempts(), reason);
            settle(id);
            return;
        }
        columns.put(Column.NEXT_ATTEMPT_AT, applications.now().plus(backoff(Math.max(1, state.attempts()))));
        applications.transition(id, step, Set.of(StepStatus.IN_PROGRESS), StepStatus.PENDING, columns);
        LOG.warn("e-Residency application {}: step {} postponed after attempt {} ({})", id, step, state.attempts(), reason);
    }

    /**
     * The poller's round: steps left in the middle of an attempt go back to pending, bank steps past their answer
     * time fail, applications whose steps have all ended get their final status, and the steps due are handed out
     * (each its queue, application id and the application's correlation id, so its hops join the first ones).
     */
    public List<Map<String, String>> due() {
        applications.releaseAbandoned(settings.watchdog(), settings.maxAttempts());
        for (Due overdue : applications.overdue()) {
            var columns = EresidencyApplications.columns();
            columns.put(Column.REASON_CODE, "partner-timed-out");
            columns.put(Column.REASON_DETAIL, "no answer by the due time; an operator may retry the step");
            if (applications.transition(overdue.applicationId(), overdue.step(), Set.of(StepStatus.IN_PROGRESS),
                    StepStatus.FAILED, columns)) {
                LOG.warn("e-Residency application {}: step {} timed out waiting for its partner", overdue.applicationId(), overdue.step());
            }
        }
        applications.unsettled().forEach(this::settle);
        List<Map<String, String>> due = new ArrayList<>(applications.claimDue(settings.watchdog(), 100).stream()
                .map(d -> Map.of("queue", queues.of(d.step()), "applicationId", d.applicationId(),
                        "correlationId", d.correlationId())).toList());
        // a cancellation the partner has not confirmed (its message lost, no answer) is asked for again
        for (Due cancelling : applications.claimUnconfirmedCancellations(settings.watchdog(), 100)) {
            due.add(Map.of("queue", queues.compensate(), "applicationId", cancelling.applicationId() + "|" + cancelling.step(),
                    "correlationId", cancelling.correlationId()));
        }
        return due;
    }

    /** How a step being cancelled is cancelled at its partner; the header {@code eresidencyCompensateVia} says. */
    public Object compensation(Message message) throws JsonProcessingException {
        String[] parts = message.getBody(String.class).split("\\|");
        String id = parts[0];
        Step step = Step.valueOf(parts[1]);
        message.setHeader(APPLICATION_ID, id);
        message.setHeader(STEP, step);
        StepState state = applications.step(id, step).orElseThrow();
        if (state.status() != StepStatus.CANCELLING) {
            message.setHeader(COMPENSATE_VIA, "none");
            return null;
        }
        if (step == Step.BANK_ACCOUNT) {
            EresidencySettings.Bank bank = settings.banks().get(state.partner());
            message.setHeader(COMPENSATE_VIA, "bank");
            message.setHeader(BANK_REQUEST_QUEUE, bank.requestQueue());
            message.setHeader(BANK_REPLY_QUEUE, bank.replyQueue());
            // built from values, never pasted into text
            Map<String, Object> cancel = new LinkedHashMap<>();
            cancel.put("type", "CANCEL");
            cancel.put("reference", id);
            cancel.put("requestId", state.requestId());
            return json.writeValueAsString(cancel);
        }
        message.setHeader(COMPENSATE_VIA, "company-registrar");
        CancelRegistrationRequest cancel = new CancelRegistrationRequest();
        cancel.setReference(id);
        return cancel;
    }

    /** The registrar confirmed the cancellation. */
    public void companyCancelled(Message message) {
        String id = message.getHeader(APPLICATION_ID, String.class);
        var columns = EresidencyApplications.columns();
        columns.put(Column.COMPENSATION, Compensation.CONFIRMED);
        applications.transition(id, Step.COMPANY, Set.of(StepStatus.CANCELLING), StepStatus.CANCELLED, columns);
    }

    /**
     * When every step has ended, or the IIN has failed (the others wait for it), the application takes its final
     * status; a late answer or an operator's retry may still turn a partial or failed application into a better
     * one. A withdrawn or completed one stays so.
     */
    void settle(String id) {
        var steps = applications.steps(id);
        boolean iinFailed = steps.stream().anyMatch(s -> s.step() == Step.IIN && s.status() == StepStatus.FAILED);
        if (!steps.isEmpty() && (iinFailed || steps.stream().allMatch(s -> s.status().isFinal()))) {
            Status to = EresidencyApplications.settled(steps);
            var from = EnumSet.of(Status.RECEIVED, Status.IN_PROGRESS, Status.PARTIALLY_COMPLETED, Status.FAILED);
            from.remove(to);
            if (applications.setStatus(id, to, from)) {
                LOG.info("e-Residency application {} ended {}", id, to);
            }
        }
    }

    private Optional<Application> claim(Message message, Step step) {
        String id = message.getBody(String.class);
        message.setHeader(APPLICATION_ID, id);
        message.setHeader(STEP, step);
        if (applications.claim(id, step).isEmpty()) {
            return Optional.empty();
        }
        return applications.find(id);
    }

    private Duration backoff(int attempts) {
        Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private static Map<String, Object> holder(Application a) {
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("surname", a.applicant().surname());
        holder.put("givenNames", a.applicant().givenNames());
        holder.put("dateOfBirth", a.applicant().dateOfBirth().toString());
        holder.put("nationality", a.applicant().nationality());
        holder.put("passportNumber", a.applicant().passportNumber());
        return holder;
    }

    /** KZ12 **** **** **** 3456: the country, check digits and the last four characters. */
    static String maskIban(String iban) {
        return iban.substring(0, 4) + " **** **** **** " + iban.substring(iban.length() - 4);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
