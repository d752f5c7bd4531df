package kz.qazeta.hub.routefiles;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

/**
 * Serves the contracts routes are built from, {@code /api/v1/openapi/<file>}: a service folder's
 * ({@code routes/<service>/contract/<file>}, read on every request, so a folder added to a running hub is published at
 * once), else the hub's own in the jar ({@code openapi/}).
 */
@Configuration(proxyBeanMethods = false)
public class PublishedContracts implements WebMvcConfigurer {

    private final ServiceFolders folders;

    public PublishedContracts(ServiceFolders folders) {
        this.folders = folders;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/api/v1/openapi/**").addResourceLocations("classpath:/openapi/")
                .resourceChain(false).addResolver(new PathResourceResolver() {
                    @Override
                    public Resource resolveResource(HttpServletRequest request, String path,
                                                    List<? extends Resource> locations, ResourceResolverChain chain) {
                        if (!path.contains("/") && !path.contains("..")) {
                            var file = folders.contract(path);
                            if (file.isPresent()) {
                                return new FileSystemResource(file.get());
                            }
                        }
                        return super.resolveResource(request, path, locations, chain);
                    }
                });
    }
}
