package kz.qazeta.hub.exchange;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Serves the hub's own contracts, as the routes are built from them: {@code /api/v1/openapi/<service>.yaml}. */
@Configuration(proxyBeanMethods = false)
public class PublishedContracts implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/api/v1/openapi/**").addResourceLocations("classpath:/openapi/");
    }
}
