package kz.qazeta.hub.routefiles;

import java.nio.file.Path;

import javax.sql.DataSource;

import kz.qazeta.hub.exchange.messagelog.PersonalDataMask;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** The service folders of {@code routes/} and their texts. */
@Configuration(proxyBeanMethods = false)
public class ServiceFoldersConfiguration {

    /** Named so: it is the context's message source, in place of Spring Boot's {@code spring.messages}. */
    @Bean
    ServiceTexts messageSource(@Value("${camel.main.routes-reload-enabled:false}") boolean reload) {
        return new ServiceTexts(reload ? 1000 : -1);
    }

    @Bean
    ServiceFolders serviceFolders(@Value("${qazeta.home}") String home,
                                  @Value("${camel.main.routes-reload-enabled:false}") boolean reload,
                                  ConfigurableEnvironment environment,
                                  ExchangeDirectory directory, PersonalDataMask mask, ServiceTexts messageSource,
                                  ObjectProvider<DataSource> dataSource,
                                  ObjectProvider<FlywayMigrationInitializer> hubMigrations,
                                  ApplicationEventPublisher events) {
        return new ServiceFolders(Path.of(home, "routes"), reload, environment, directory, mask, messageSource, dataSource,
                hubMigrations, events);
    }
}
