package kz.qazeta.hub.eresidency;

import javax.xml.namespace.QName;

import kz.qazeta.contracts.companyregistrar.CompanyRegistrarPortType;
import kz.qazeta.hub.exchange.SoapClientEndpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The onboarding's partners as Camel sees them: the AIFC company registrar as a CXF client endpoint
 * ({@code cxf:bean:companyRegistrar}), and one consumer per configured bank on that bank's reply queue (the
 * banks are configuration, so their consumers are made from it; what an answer does is the YAML route
 * {@code direct:eresidency-bank-answer}).
 */
@Configuration(proxyBeanMethods = false)
public class EresidencyPartners {

    @Bean
    CxfEndpoint companyRegistrar(@Value("${qazeta.partners.company-registrar.url}") String url,
                                 @Value("${qazeta.partners.company-registrar.connect-timeout-ms}") long connectTimeout,
                                 @Value("${qazeta.partners.company-registrar.receive-timeout-ms}") long receiveTimeout) {
        return SoapClientEndpoint.of(url, "classpath:wsdl/company-registrar.wsdl", CompanyRegistrarPortType.class,
                new QName("urn:kz:aifc:company-registrar:v1", "CompanyRegistrarService"), connectTimeout, receiveTimeout);
    }

    @Bean
    RouteBuilder bankAnswerConsumers(EresidencySettings settings) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                settings.banks().forEach((code, bank) ->
                        from("jms:queue:" + bank.replyQueue() + "?transacted=true&concurrentConsumers={{qazeta.eresidency.consumers}}")
                                .routeId("eresidency-bank-answers-" + code)
                                .routeGroup("eresidency")
                                .routeDescription("Takes " + bank.name() + "'s answers (account opened, refused, "
                                        + "cancellation confirmed) from its reply queue")
                                .setHeader("eresidencyBank", constant(code))
                                .to("direct:eresidency-bank-answer"));
            }
        };
    }
}
