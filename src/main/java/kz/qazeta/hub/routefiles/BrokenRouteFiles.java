package kz.qazeta.hub.routefiles;

import java.util.List;
import java.util.stream.Collectors;

import kz.qazeta.hub.startup.FailedStart;
import org.springframework.boot.ExitCodeGenerator;

/** Route files the hub will not start on: each finding as {@code file:line: what}; the files must change. */
public class BrokenRouteFiles extends IllegalStateException implements FailedStart.Reasons, ExitCodeGenerator {

    private final List<RouteFileCheck.Finding> findings;

    public BrokenRouteFiles(List<RouteFileCheck.Finding> findings) {
        super("The hub will not start on broken route files:\n"
                + findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
        this.findings = List.copyOf(findings);
    }

    @Override
    public List<String> reasons() {
        return findings.stream().map(RouteFileCheck.Finding::toString).toList();
    }

    @Override
    public int getExitCode() {
        return FailedStart.CONFIGURATION;
    }
}
