package kz.qazeta.hub.exchange.messagelog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Verifies message-log archive files on their own, offline, with nothing but this class and the files: each
 * file's digest against its {@code .sha256} and the previous file's digest, each row's hash against its
 * content and the row before it, each file's first row against the previous file's last, and each journal's row
 * numbers running 1, 2, 3... without a gap (a missing row is named by its numbers and the rows around it).
 * <pre>java -Dloader.main=kz.qazeta.hub.exchange.messagelog.MessageLogArchiveVerifier -jar target/qazeta-hub.jar data/message-log/archive</pre>
 * Exits 0 when the archive is intact, 1 with the first problem when it is not.
 */
public final class MessageLogArchiveVerifier {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private MessageLogArchiveVerifier() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: MessageLogArchiveVerifier <archive folder>");
            System.exit(2);
        }
        List<String> problems = verify(Path.of(args[0]));
        if (problems.isEmpty()) {
            System.out.println("message-log archive intact: " + args[0]);
        } else {
            problems.forEach(p -> System.out.println("BROKEN: " + p));
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** The problems found, none when the archive is intact. */
    public static List<String> verify(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted(
                    java.util.Comparator.comparing(p -> p.getFileName().toString().substring(
                            p.getFileName().toString().lastIndexOf('-') + 1))).toList();
        }
        List<String> problems = new ArrayList<>();
        String previousDigest = MessageLogChain.GENESIS;
        String previousRowHash = null;
        // the archive holds the chain from its very first row: each journal's numbers from 1
        MessageLogNumbering numbering = new MessageLogNumbering(java.util.Map.of());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            var header = JSON.readValue(lines[0], MessageLogArchive.Header.class);
            Path digestFile = Path.of(file.toString().replace(".jsonl", ".sha256"));
            String recorded = Files.exists(digestFile) ? Files.readString(digestFile).trim() : "";
            if (!header.previousArchiveDigest().equals(previousDigest)) {
                problems.add(file.getFileName() + ": does not follow the previous archive (a file is missing or was replaced)");
            }
            if (!MessageLogArchive.digest(header.previousArchiveDigest(), bytes).equals(recorded)) {
                problems.add(file.getFileName() + ": its digest does not match its content");
            }
            if (previousRowHash != null && !header.anchorHash().equals(previousRowHash)) {
                problems.add(file.getFileName() + ": its first row does not follow the previous file's last row");
            }
            String chain = header.anchorHash();
            boolean chainBroken = false;
            int gapsBefore = numbering.gaps().size();
            int repeatsBefore = numbering.repeats().size();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                var row = JSON.readValue(lines[i], MessageLogArchive.ArchivedRow.class);
                // the numbers are checked to the end of the file, so that every missing one is named
                numbering.row(row.id(), row.entry());
                if (chainBroken) {
                    continue;
                }
                if (!row.previousHash().equals(chain) || !row.rowHash().equals(MessageLogChain.rowHash(chain, row.entry()))) {
                    problems.add(file.getFileName() + ": row " + row.id() + " was changed, or a row before it is missing");
                    chainBroken = true;
                }
                chain = row.rowHash();
            }
            numbering.gaps().subList(gapsBefore, numbering.gaps().size())
                    .forEach(gap -> problems.add(file.getFileName() + ": " + gap.describe()));
            numbering.repeats().subList(repeatsBefore, numbering.repeats().size())
                    .forEach(repeat -> problems.add(file.getFileName() + ": " + repeat));
            previousDigest = recorded;
            previousRowHash = chain;
        }
        return problems;
    }
}
