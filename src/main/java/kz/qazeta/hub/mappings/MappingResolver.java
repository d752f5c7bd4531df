package kz.qazeta.hub.mappings;

import java.nio.file.Path;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceResolverSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Camel's resolver for {@code mapping:} resources: {@code jsonata:resource:mapping:sunkar-insurance/quote-request.jsonata},
 * {@code xslt-saxon:resource:mapping:...}, {@code json-validator:resource:mapping:...}, {@code sql:resource:mapping:...}
 * read the file {@link MappingFiles} finds (camel-sql and camel-xslt-saxon read a file only behind a scheme they know,
 * {@code resource:} among them). Camel looks a resolver up in its registry by this bean's name.
 */
@Component("resource-loader-" + MappingFiles.SCHEME)
public class MappingResolver extends ResourceResolverSupport {

    private final MappingFiles files;

    public MappingResolver(@Value("${qazeta.home}") String home, @Value("${qazeta.mappings}") String shared) {
        super(MappingFiles.SCHEME);
        this.files = new MappingFiles(Path.of(home, "routes"), shared);
    }

    public MappingFiles files() {
        return files;
    }

    @Override
    protected Resource createResource(String location, String remaining) {
        // not found: the shared folder's path, which does not exist, so the component names the mapping it lacks
        Path file = files.find(remaining).orElse(files.folders().get(files.folders().size() - 1).resolve(remaining));
        return PluginHelper.getResourceLoader(getCamelContext()).resolveResource("file:" + file.toAbsolutePath());
    }
}
