package kz.qazeta.hub.startup;

import java.util.List;

import org.apache.camel.FailedToCreateRouteException;
import org.springframework.boot.ExitCodeGenerator;

/**
 * What a hub that could not start leaves for its supervisor (Kubernetes, systemd): one plain line on standard error
 * per reason, {@code The hub did not start: <file:line: what>} for a broken route file, and a non-zero exit status
 * ({@value #CONFIGURATION} when the files must be fixed, {@value #OTHER} otherwise), at once, whatever threads a
 * library may still have running.
 */
public final class FailedStart {

    /** sysexits' EX_CONFIG: a restart will not help, the files must change (systemd: RestartPreventExitStatus=78) */
    public static final int CONFIGURATION = 78;
    public static final int OTHER = 1;

    private FailedStart() {
    }

    public static void exit(Throwable failure) {
        reasons(failure).forEach(reason -> System.err.println("The hub did not start: " + reason));
        System.err.flush();
        System.exit(status(failure));
    }

    static int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ExitCodeGenerator coded && coded.getExitCode() != 0) {
                return coded.getExitCode();
            }
        }
        return OTHER;
    }

    /**
     * The reasons a person acts on: those of an exception that carries its own (a broken route file: one per
     * finding), else the innermost message, which names the thing itself (the port, the database, the component).
     */
    static List<String> reasons(Throwable failure) {
        String innermost = failure.toString();
        String where = "";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Reasons given) {
                return given.reasons();
            }
            if (t instanceof FailedToCreateRouteException route && where.isEmpty()) {
                // the route's file and line where Camel knows them (camel.main.source-location-enabled)
                where = (route.getLocation() != null ? route.getLocation().replaceFirst("^file:", "") + ": " : "")
                        + "route " + route.getRouteId() + ": ";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                innermost = t.getMessage();
            }
        }
        return List.of(where + innermost.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    /** A failure that says itself, one line per reason, what the operator must fix. */
    public interface Reasons {
        List<String> reasons();
    }
}
