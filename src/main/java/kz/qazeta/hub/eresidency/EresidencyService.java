package kz.qazeta.hub.eresidency;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.eresidency.EresidencyApplications.Application;
import kz.qazeta.hub.eresidency.EresidencyApplications.Column;
import kz.qazeta.hub.eresidency.EresidencyApplications.Compensation;
import kz.qazeta.hub.eresidency.EresidencyApplications.Status;
import kz.qazeta.hub.eresidency.EresidencyApplications.Step;
import kz.qazeta.hub.eresidency.EresidencyApplications.StepState;
import kz.qazeta.hub.eresidency.EresidencyApplications.StepStatus;
import kz.qazeta.hub.exchange.Correlation;
import kz.qazeta.hub.exchange.FrontDoorReplies;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.IdempotentRequest;
import kz.qazeta.hub.exchange.Languages;
import kz.qazeta.hub.exchange.Reply;
import kz.qazeta.hub.exchange.RequestReader;
import kz.qazeta.hub.exchange.partners.RecordOwners;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * AIFC e-Residency as the front door and the operators see it: take an application in, show it with each of its
 * steps, withdraw it (cancelling at their partners the steps not yet done), and let an operator retry a failed
 * step. The steps themselves run in {@link EresidencySteps}.
 */
@Component("eresidency")
public class EresidencyService {

    private static final Logger LOG = LoggerFactory.getLogger(EresidencyService.class);
    /** the partners that can cancel what they were asked to do */
    private static final Set<Step> CANCELLABLE = Set.of(Step.BANK_ACCOUNT, Step.COMPANY);
    /** reasons whose detail is the partner's answer to the applicant, not the hub's insides */
    private static final Set<String> PARTNER_WORDS = Set.of("bank-rejected", "registration-refused");

    private final RequestReader reader;
    private final EresidencyApplications applications;
    private final EresidencySettings settings;
    private final EresidencyQueues queues;
    private final FrontDoorReplies replies;
    private final ObjectMapper json;
    private final RecordOwners owners;

    public EresidencyService(RequestReader reader, EresidencyApplications applications, EresidencySettings settings,
                             EresidencyQueues queues, FrontDoorReplies replies, ObjectMapper json, RecordOwners owners) {
        this.reader = reader;
        this.applications = applications;
        this.settings = settings;
        this.queues = queues;
        this.replies = replies;
        this.json = json;
        this.owners = owners;
    }

    /** A new application: stored with its steps; its IIN step is queued ({@code eresidencyNextQueues}). */
    public Reply submit(Message message) throws JsonProcessingException {
        EresidencyApplicationRequest request = reader.read(message.getBody(String.class), EresidencyApplicationRequest.class);
        var services = request.services();
        if (Boolean.FALSE.equals(services.iin())) {
            throw HubProblem.invalidRequest("services.iin", "iin-first");
        }
        if ("KAZ".equals(request.applicant().nationality())) {
            throw HubProblem.refusal("eresidency-for-foreigners");
        }
        Map<Step, String> partners = new EnumMap<>(Step.class);
        partners.put(Step.IIN, "iin-registry");
        if (services.bankAccount() != null) {
            partners.put(Step.BANK_ACCOUNT, settings.bank(services.bankAccount().bank())
                    .orElseThrow(() -> HubProblem.invalidRequest("services.bankAccount.bank", "unknown-partner")));
        }
        if (services.esim() != null) {
            partners.put(Step.ESIM, settings.mobileOperator(services.esim().operator())
                    .orElseThrow(() -> HubProblem.invalidRequest("services.esim.operator", "unknown-partner")));
        }
        if (services.company() != null) {
            partners.put(Step.COMPANY, "company-registrar");
        }
        var idempotent = IdempotentRequest.of(message, request, json);
        String owner = owners.caller(message);
        if (idempotent.key() != null) {
            var earlier = applications.findByIdempotencyKey(owner, idempotent.key());
            if (earlier.isPresent()) {
                return repeated(earlier.get(), idempotent, message);
            }
        }
        String id = UUID.randomUUID().toString();
        try {
            applications.insert(id, owner, message.getHeader(Correlation.HEADER, String.class), idempotent.key(),
                    idempotent.hash(), request, json.writeValueAsString(services), partners, settings.watchdog());
        } catch (DuplicateKeyException raced) {
            // the same Idempotency-Key arrived twice at once: the other request won
            return repeated(applications.findByIdempotencyKey(owner, idempotent.key()).orElseThrow(), idempotent, message);
        }
        message.setHeader(EresidencySteps.APPLICATION_ID, id);
        message.setHeader(EresidencySteps.NEXT_QUEUES, List.of(queues.iin()));
        LOG.info("e-Residency application {} received: {}", id, partners.keySet());
        return Reply.accepted(Map.of("id", id, "status", Status.RECEIVED), location(id));
    }

    private Reply repeated(Map.Entry<Application, String> earlier, IdempotentRequest idempotent, Message message) {
        idempotent.requireSameAs(earlier.getValue());
        Application a = earlier.getKey();
        message.setHeader(EresidencySteps.NEXT_QUEUES, List.of());
        return Reply.accepted(Map.of("id", a.id(), "status", a.status()), location(a.id()));
    }

    public Reply show(Message message) {
        return Reply.ok(view(find(message, owners.readable(message)), locale(message)));
    }

    /**
     * The applicant withdraws: steps not begun are cancelled outright, steps under way are cancelled at their
     * partner where it can ({@code eresidencyCompensations} lists them for the compensation queue), and steps
     * done stay done. Withdrawing again answers the same.
     */
    @Transactional
    public Reply withdraw(Message message) {
        // only the partner that applied withdraws (a partner that may read its records may not)
        Application a = find(message, List.of(owners.caller(message)));
        message.setHeader(EresidencySteps.APPLICATION_ID, a.id());
        List<String> compensations = new ArrayList<>();
        message.setHeader("eresidencyCompensations", compensations);
        if (a.status() != Status.WITHDRAWN) {
            if (!applications.setStatus(a.id(), Status.WITHDRAWN, Set.of(Status.RECEIVED, Status.IN_PROGRESS))) {
                throw HubProblem.conflict("eresidency-not-withdrawable", a.id());
            }
            for (StepState step : applications.steps(a.id())) {
                if (step.status().isFinal()) {
                    continue;
                }
                var columns = EresidencyApplications.columns();
                Set<StepStatus> from = Set.of(StepStatus.PENDING, StepStatus.IN_PROGRESS);
                // never tried: cancelled here; taken for an attempt meanwhile, it is cancelled like one under way
                if (step.status() == StepStatus.PENDING && step.attempts() == 0 && applications.cancelUntried(a.id(), step.step())) {
                    continue;
                }
                if (CANCELLABLE.contains(step.step())) {
                    columns.put(Column.COMPENSATION, Compensation.REQUESTED);
                    if (applications.transition(a.id(), step.step(), from, StepStatus.CANCELLING, columns)) {
                        compensations.add(a.id() + "|" + step.step());
                    }
                } else {
                    columns.put(Column.COMPENSATION, Compensation.NOT_SUPPORTED);
                    applications.transition(a.id(), step.step(), from, StepStatus.CANCELLED, columns);
                }
            }
            LOG.info("e-Residency application {} withdrawn; {} step(s) to cancel at their partners", a.id(), compensations.size());
        }
        return Reply.ok(view(applications.find(a.id()).orElseThrow(), locale(message)));
    }

    /** An operator sends a FAILED step round again, its attempts counted afresh. */
    @Transactional
    public Reply retry(Message message) {
        Application a = find(message);
        String field = message.getHeader("step", String.class);
        Step step = Step.byField(field).orElseThrow(() -> HubProblem.invalidRequest("step", "format"));
        StepState state = applications.step(a.id(), step).orElseThrow(() -> HubProblem.notFound("step-not-found", field));
        if (a.status() == Status.WITHDRAWN || state.status() != StepStatus.FAILED
                || (step != Step.IIN && a.iin() == null)) {
            throw HubProblem.conflict("step-not-retryable", field, state.status());
        }
        var columns = EresidencyApplications.columns();
        columns.put(Column.REASON_CODE, null);
        columns.put(Column.REASON_DETAIL, null);
        columns.put(Column.NEXT_ATTEMPT_AT, applications.now().plus(settings.watchdog()));
        applications.transition(a.id(), step, Set.of(StepStatus.FAILED), StepStatus.PENDING, columns);
        applications.resetAttempts(a.id(), step);
        applications.setStatus(a.id(), Status.IN_PROGRESS, Set.of(Status.PARTIALLY_COMPLETED, Status.FAILED));
        message.setHeader(EresidencySteps.APPLICATION_ID, a.id());
        message.setHeader(EresidencySteps.NEXT_QUEUES, List.of(queues.of(step)));
        LOG.info("e-Residency application {}: an operator retries step {}", a.id(), step);
        return Reply.accepted(view(applications.find(a.id()).orElseThrow(), locale(message)), location(a.id()));
    }

    private Map<String, Object> view(Application a, Locale locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", a.id());
        view.put("status", a.status());
        view.put("iin", a.iin());
        Map<String, Object> steps = new LinkedHashMap<>();
        for (StepState step : applications.steps(a.id())) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("status", step.status());
            s.put("partner", step.partner());
            if (step.result() != null && step.status() == StepStatus.DONE) {
                try {
                    s.putAll(json.readValue(step.result(), Map.class));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("unreadable result of step " + step.step(), e);
                }
            }
            if (step.reasonCode() != null) {
                // a partner's own words (a bank's or the registrar's refusal) are shown; a technical failure's are not
                Object detail = PARTNER_WORDS.contains(step.reasonCode()) ? step.reasonDetail() : null;
                s.put("reason", Map.of("code", step.reasonCode(),
                        "message", replies.text("eresidency-reason." + step.reasonCode(), new Object[] {detail}, locale)));
            }
            s.put("compensation", step.compensation());
            s.put("attempts", step.attempts());
            s.put("startedAt", step.startedAt());
            s.put("completedAt", step.completedAt());
            s.put("updatedAt", step.updatedAt());
            steps.put(step.step().field(), s);
        }
        view.put("steps", steps);
        view.put("createdAt", a.createdAt());
        view.put("updatedAt", a.updatedAt());
        view.put("history", applications.history(a.id()).stream().map(h -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (h.step() != null) {
                entry.put("step", Step.valueOf(h.step()).field());
            }
            entry.put("status", h.status());
            entry.put("at", h.at());
            return entry;
        }).toList());
        return view;
    }

    /** Any application (for operators). */
    private Application find(Message message) {
        String id = message.getHeader("id", String.class);
        return applications.find(id).orElseThrow(() -> HubProblem.notFound("application-not-found", id));
    }

    /** An application of one of {@code owners}: another partner's is answered as one that does not exist. */
    private Application find(Message message, List<String> owners) {
        String id = message.getHeader("id", String.class);
        return applications.find(id, owners).orElseThrow(() -> HubProblem.notFound("application-not-found", id));
    }

    private static Locale locale(Message message) {
        return Languages.fromAcceptLanguage(message.getHeader("Accept-Language", String.class));
    }

    private static String location(String id) {
        return "/api/v1/eresidency/applications/" + id;
    }
}
