package kz.qazeta.hub.exchange;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What every route shares: the clock, and the database-backed record of messages already processed. */
@Configuration(proxyBeanMethods = false)
public class ExchangeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Callbacks and queue consumers remember what they have processed here (table camel_messageprocessed,
     * created by Flyway), so a repeat is skipped on any instance and after a restart.
     */
    @Bean
    JdbcMessageIdRepository processedMessages(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource,
                new TransactionTemplate(transactions), "hub");
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
