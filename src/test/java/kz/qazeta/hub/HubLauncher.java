package kz.qazeta.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * A hub home of its own (a copy of routes/ and mappings/ a test may break) and the command that starts the hub on it
 * as a real process, as a supervisor would: the test JVM's classpath, {@link HubApplication} as main class, the
 * databases and the broker's journal under {@code data/} of that home. The process's standard output and error go
 * to files of their own, so a test reads what an operator would read.
 */
public final class HubLauncher {

    private final Path home;

    private HubLauncher(Path home) {
        this.home = home;
    }

    /** A fresh home with the hub's own route files and mappings. */
    public static HubLauncher withHubFiles() throws IOException {
        Path home = Files.createTempDirectory("qazeta-hub-home");
        FileSystemUtils.copyRecursively(Path.of("routes"), home.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("mappings"), home.resolve("mappings"));
        return new HubLauncher(home);
    }

    public Path home() {
        return home;
    }

    public Path routes() {
        return home.resolve("routes");
    }

    public Path out() {
        return home.resolve("hub.out");
    }

    public Path err() {
        return home.resolve("hub.err");
    }

    /** Starts the hub on {@code port} with the given profiles and settings; it is not waited for. */
    public Process start(int port, String profiles, String... settings) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path data = home.resolve("data");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HubApplication.class.getName(),
                "--spring.profiles.active=" + profiles,
                "--server.port=" + port,
                "--qazeta.home=" + home,
                "--qazeta.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data + "/h2/hub",
                "--qazeta.sandbox.database-url=jdbc:h2:file:" + data + "/h2/sandbox",
                "--camel.main.jmx-enabled=false"));
        command.addAll(List.of(settings));
        return new ProcessBuilder(command).redirectOutput(out().toFile()).redirectError(err().toFile()).start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public void delete() throws IOException {
        try (Stream<Path> all = Files.walk(home)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
