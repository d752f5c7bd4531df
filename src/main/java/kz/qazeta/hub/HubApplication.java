package kz.qazeta.hub;

import kz.qazeta.hub.startup.FailedStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    public static void main(String[] args) {
        DeserializationFilter.install();
        try {
            SpringApplication.run(HubApplication.class, args);
        } catch (RuntimeException notStarted) {
            FailedStart.exit(notStarted);
        }
    }
}
