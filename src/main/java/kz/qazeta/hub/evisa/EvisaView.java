package kz.qazeta.hub.evisa;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import kz.qazeta.hub.exchange.FrontDoorReplies;
import kz.qazeta.hub.exchange.Languages;
import org.springframework.stereotype.Component;

/** How the front door sees an application: status, history, payment, visa or the reason in its language. */
@Component
public class EvisaView {

    /** Dates of the service (today, entry dates) are Astana dates. */
    public static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");

    private final EvisaApplications applications;
    private final FrontDoorReplies replies;

    public EvisaView(EvisaApplications applications, FrontDoorReplies replies) {
        this.applications = applications;
        this.replies = replies;
    }

    public Map<String, Object> of(EvisaApplication application, String acceptLanguage) {
        Locale locale = Languages.fromAcceptLanguage(acceptLanguage);
        var request = application.request();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", application.id());
        view.put("status", application.status());
        view.put("category", request.category());
        view.put("invitationNumber", request.invitationNumber());
        view.put("intendedEntryDate", request.intendedEntryDate());
        view.put("arrivalAirport", request.arrivalAirport());
        view.put("history", applications.history(application.id()).stream()
                .map(entry -> Map.of("status", entry.status(), "at", entry.at())).toList());
        view.put("payment", application.payment());
        view.put("visa", application.visa());
        Map<String, Object> reason = null;
        if (application.reason() != null) {
            reason = new LinkedHashMap<>();
            reason.put("code", application.reason().code());
            reason.put("message", replies.text("reason." + application.reason().code(),
                    new Object[] {application.reason().detail()}, locale));
        }
        view.put("reason", reason);
        view.put("createdAt", application.createdAt());
        view.put("updatedAt", application.updatedAt());
        return view;
    }
}
