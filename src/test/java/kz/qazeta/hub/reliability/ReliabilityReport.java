package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the reliability suite's table when a test run ends (whatever ran: the table lists what the reliability
 * tests of this run recorded in {@link ReliabilityLedger}) and writes it to {@code target/reliability/report.md}.
 * Registered with the JUnit Platform through {@code META-INF/services}.
 */
public class ReliabilityReport implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<ReliabilityLedger.Line> lines = ReliabilityLedger.lines();
        if (lines.isEmpty()) {
            return;
        }
        String table = table(lines) + messageLogTable(ReliabilityLedger.messageLogLines());
        System.out.println();
        System.out.println("Reliability suite (" + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + ")");
        System.out.println(table);
        try {
            Path report = Path.of("target", "reliability", "report.md");
            Files.createDirectories(report.getParent());
            Files.writeString(report, "# Reliability suite\n\n" + table);
        } catch (IOException e) {
            System.out.println("(could not write target/reliability/report.md: " + e + ")");
        }
    }

    /** The message log's rows per case: nothing missing means written = stored = verified. */
    static String messageLogTable(List<ReliabilityLedger.MessageLogLine> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nMessage log\n\n| after | rows written | rows stored | rows verified | numbers missing |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n");
        lines.forEach(l -> out.append("| ").append(l.situation()).append(" | ").append(l.written()).append(" | ")
                .append(l.stored()).append(" | ").append(l.verified()).append(" | ").append(l.missing()).append(" |\n"));
        return out.toString();
    }

    static String table(List<ReliabilityLedger.Line> lines) {
        StringBuilder out = new StringBuilder("| area | fault or input | tried | lost | let in | what it shows |\n"
                + "| --- | --- | ---: | ---: | ---: | --- |\n");
        int tried = 0;
        int lost = 0;
        int letIn = 0;
        for (ReliabilityLedger.Line line : lines) {
            out.append("| ").append(line.area()).append(" | ").append(line.kind()).append(" | ").append(line.tried())
                    .append(" | ").append(line.lost()).append(" | ").append(line.letIn() == null ? "–" : line.letIn())
                    .append(" | ").append(line.shows()).append(" |\n");
            tried += line.tried();
            lost += line.lost();
            letIn += line.letIn() == null ? 0 : line.letIn();
        }
        out.append("| **all** | ").append(lines.size()).append(" classes | **").append(tried).append("** | **")
                .append(lost).append("** | **").append(letIn).append("** | ")
                .append(lost == 0 ? "nothing lost, nothing let in" : "LOST: see the lines above").append(" |\n");
        return out.toString();
    }
}
