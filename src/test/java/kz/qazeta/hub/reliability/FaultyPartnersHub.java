package kz.qazeta.hub.reliability;

import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hub whose HTTP and SOAP partners (the sandbox twins, in its own process) are reached through {@link FaultyLink}s
 * the tests break at will: the police invitation registry (SOAP), the payment gateway (REST), the IIN registry
 * (REST), the AIFC company registrar (SOAP) and the SOAP insurer. Its circuit breakers stay open long enough for a
 * test to see them open. One hub for all subclasses (one cached Spring context).
 */
public abstract class FaultyPartnersHub extends HubTestSupport {

    /** The hub's own port, where its twins listen: the links pass through to it. */
    private static volatile int hubPort;

    protected static final FaultyLink REGISTRY = new FaultyLink(() -> hubPort);
    protected static final FaultyLink GATEWAY = new FaultyLink(() -> hubPort);
    protected static final FaultyLink IIN_REGISTRY = new FaultyLink(() -> hubPort);
    protected static final FaultyLink INSURER = new FaultyLink(() -> hubPort);

    /** How long an open circuit stays open here: long enough to see that it keeps the hub away from the partner. */
    protected static final int OPEN_SECONDS = 6;

    @LocalServerPort
    private int localPort;

    @DynamicPropertySource
    static void partnersThroughFaultyLinks(DynamicPropertyRegistry registry) {
        registry.add("qazeta.partners.invitation-registry.url",
                () -> REGISTRY.url("/services/sandbox/police/invitation-registry"));
        registry.add("qazeta.partners.payment-gateway.url", () -> GATEWAY.url("/sandbox/payment-gateway/api"));
        registry.add("qazeta.partners.payment-gateway.response-timeout-ms", () -> 1000);
        registry.add("QAZETA_IIN_REGISTRY_URL", () -> IIN_REGISTRY.url("/sandbox/iin-registry/api"));
        registry.add("QAZETA_STEPPE_ASSURANCE_URL", () -> INSURER.url("/services/sandbox/insurers/steppe-assurance"));
        registry.add("qazeta.partners.circuit.open-seconds", () -> OPEN_SECONDS);
    }

    @BeforeEach
    void linksReachThisHub() {
        hubPort = localPort;
    }
}
