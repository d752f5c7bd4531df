package kz.qazeta.hub.mappings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a mapping named in a route ({@code resource:mapping:sunkar-insurance/quote-request.jsonata}) is found: first in the
 * {@code mappings/} of each service folder ({@code routes/<service>/mappings/}), then in the hub's shared
 * {@code mappings/} (a partner's mappings used by several services). Looked up on every use, so a service folder
 * added to a running hub brings its mappings with it.
 */
public final class MappingFiles {

    /** The scheme routes name mappings by. */
    public static final String SCHEME = "mapping";

    private final Path routes;
    private final Path shared;

    /**
     * @param routes the hub's routes folder, whose sub-folders are services
     * @param shared the shared mappings folder ({@code qazeta.mappings}, {@code file:} or a plain path)
     */
    public MappingFiles(Path routes, String shared) {
        this.routes = routes;
        this.shared = Path.of(shared.replaceFirst("^file:", ""));
    }

    /** The folders searched, in order: each service folder's mappings (by name), then the shared one. */
    public List<Path> folders() {
        List<Path> folders = new ArrayList<>();
        if (Files.isDirectory(routes)) {
            try (Stream<Path> services = Files.list(routes)) {
                services.map(s -> s.resolve("mappings")).filter(Files::isDirectory).sorted().forEach(folders::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the service folders in " + routes, e);
            }
        }
        folders.add(shared);
        return folders;
    }

    /** The file of a mapping name ({@code partner/file.ext}, with or without {@code mapping:}), if any folder has it. */
    public Optional<Path> find(String name) {
        String relative = name.replaceFirst("^" + SCHEME + ":", "").replaceFirst("^/+", "");
        if (relative.isEmpty() || relative.contains("..")) {
            return Optional.empty();
        }
        return folders().stream().map(f -> f.resolve(relative)).filter(Files::isRegularFile).findFirst();
    }
}
