package kz.qazeta.hub.sandbox;

import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The partner twins as a process of their own, so the hub and its partners can be started, stopped and
 * measured apart: only this package, no Camel, no hub database. It reaches the hub's broker over TCP and is
 * reached by the hub over HTTP. Start it with
 * {@code java -Dloader.main=kz.qazeta.hub.sandbox.SandboxPartnersApplication -jar target/qazeta-hub.jar}.
 * (Only active under the {@code partners} profile, which its main sets, so the hub's own scan skips it.)
 */
@Configuration(proxyBeanMethods = false)
@Profile("partners")
@EnableAutoConfiguration(exclude = {CamelAutoConfiguration.class, DataSourceAutoConfiguration.class,
        FlywayAutoConfiguration.class}, excludeName = {
        // Camel's platform-http wiring into Spring MVC wants the Camel context excluded above
        "org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpAutoConfiguration",
        "org.apache.camel.component.platform.http.springboot.SpringBootPlatformWebMvcConfiguration",
        // the partners are not the hub: no console login, no Hawtio (the hub's operators' console is the hub's)
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
        "io.hawt.springboot.HawtioEndpointAutoConfiguration"})
@ComponentScan(basePackageClasses = SandboxPartnersApplication.class)
public class SandboxPartnersApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SandboxPartnersApplication.class).profiles("partners").run(args);
    }
}
