package kz.qazeta.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Every answer a test gets from the hub's API held to the contract that publishes it (the service folders'
 * {@code contract/*.yaml}, the test fixture's, and the hub's own {@code openapi/*.yaml}): a status the contract does not list, a field it
 * does not document (undocumented fields count, as Atlassian's validator does by default), a required field
 * missing, a wrong content type. So the whole suite, happy and unhappy paths, is also the contracts' conformance test.
 * The contract is chosen by its server URL, the longest that prefixes the path and has the operation; a path no
 * contract has (a 404 for a path the hub does not serve) is not checked.
 */
final class HubContracts {

    /** A mismatch is written here too, with the request that got it, for a reader of a failed build. */
    private static final Path REPORT = Path.of("target", "contract-violations.txt");
    private static final List<Contract> CONTRACTS = load();

    private record Contract(String file, String serverPath, OpenApiInteractionValidator validator) {
    }

    private HubContracts() {
    }

    /** What in the answer its contract does not allow; empty when it conforms or no contract has its operation. */
    static List<String> violations(HttpRequest request, HttpResponse<String> response) {
        String path = request.uri().getPath();
        if (!path.startsWith("/api/")) {
            return List.of();
        }
        Request.Method method = Request.Method.valueOf(request.method().toUpperCase(Locale.ROOT));
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> answer.withHeader(name, values));
        SimpleResponse built = answer.build();
        for (Contract contract : CONTRACTS) {
            if (!path.startsWith(contract.serverPath())) {
                continue;
            }
            ValidationReport report = contract.validator().validateResponse(path, method, built);
            if (report.getMessages().stream().anyMatch(m -> m.getKey().equals("validation.response.path.missing")
                    || m.getKey().equals("validation.request.path.missing")
                    || m.getKey().equals("validation.response.operation.notAllowed"))) {
                continue;
            }
            List<String> found = new ArrayList<>();
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> found.add(contract.file() + ": " + method + " " + path + " -> " + response.statusCode()
                            + ": [" + m.getKey() + "] " + m.getMessage()));
            if (!found.isEmpty()) {
                write(found, response.body());
            }
            return found;
        }
        return List.of();
    }

    private static void write(List<String> found, String body) {
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, String.join("\n", found) + "\n    body: " + body + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Contract> load() {
        List<Path> files = new ArrayList<>();
        // the hub's service folders, the fixture folder the tests add to a running hub, the hub's own contracts
        try (Stream<Path> folders = Stream.concat(Files.list(Path.of("routes")),
                Files.list(Path.of("src/test/resources/service-folder")));
             Stream<Path> own = Files.list(Path.of("src/main/resources/openapi"))) {
            folders.map(folder -> folder.resolve("contract")).filter(Files::isDirectory).forEach(contract -> {
                try (Stream<Path> inside = Files.list(contract)) {
                    inside.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            own.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Contract> contracts = new ArrayList<>();
        for (Path file : files) {
            String serverPath = serverPath(file);
            contracts.add(new Contract(file.toString(), serverPath,
                    OpenApiInteractionValidator.createForSpecificationUrl(file.toUri().toString()).build()));
        }
        contracts.sort(Comparator.comparingInt((Contract c) -> c.serverPath().length()).reversed());
        return contracts;
    }

    /** The path of the contract's first server URL (the hub's contracts give one, a path such as /api/v1/evisa). */
    private static String serverPath(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(line -> line.startsWith("- url: /"))
                    .findFirst().map(line -> line.substring("- url: ".length()).trim())
                    .orElseThrow(() -> new IllegalStateException(file + " names no server path"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
