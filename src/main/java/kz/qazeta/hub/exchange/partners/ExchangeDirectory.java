package kz.qazeta.hub.exchange.partners;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Who may exchange what with the hub ({@code qazeta.exchange.*}): the partners with their credentials and
 * grants, and the services with their contracts and message-log policy. Configuration, never code: adding a
 * partner or granting it a service is an entry here (see the README).
 *
 * @param partners by partner id
 * @param services by service id
 * @param defaultRatePerSecond requests a partner may make per second unless its entry says otherwise
 * @param maxBodySize the largest request body the hub reads (413 beyond)
 */
@ConfigurationProperties("qazeta.exchange")
public record ExchangeDirectory(Map<String, Partner> partners, Map<String, Service> services,
                                int defaultRatePerSecond, DataSize maxBodySize) {

    /**
     * The partner entry, without credentials, whose services are open to every caller: one without a credential is
     * admitted to them as {@code anyone} (e.g. whoever holds a certificate, checking it); any partner may use them too.
     */
    public static final String ANYONE = "anyone";

    /**
     * A member of the exchange.
     *
     * @param name             what operators read
     * @param apiKeySha256     SHA-256 (hex) of its API key; the key itself is never stored
     * @param services         the services granted to it
     * @param endpoints        prefixes of the Camel endpoint URIs through which the hub calls it
     * @param ratePerSecond    its own request rate limit (0: the default)
     * @param broker           its user on the hub's broker, if it sends or consumes messages there
     * @param certificateSubject the subject of its TLS client certificate, where it authenticates by mutual TLS
     * @param readsRecordsOf   the partners whose records (applications, certificates, policies) it may read as if they
     *                         were its own; by default a partner reads and changes only the records it created
     */
    public record Partner(String name, String apiKeySha256, List<String> services, List<String> endpoints,
                          int ratePerSecond, BrokerUser broker, String certificateSubject, List<String> readsRecordsOf) {

        public Partner {
            services = services == null ? List.of() : List.copyOf(services);
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
            readsRecordsOf = readsRecordsOf == null ? List.of() : List.copyOf(readsRecordsOf);
        }
    }

    /**
     * A partner's user on the hub's broker and the addresses it may use; nothing else is open to it.
     *
     * @param user           its broker user name
     * @param passwordSha256 SHA-256 (hex) of its password
     * @param send           addresses it may send to
     * @param consume        addresses it may consume from
     */
    public record BrokerUser(String user, String passwordSha256, List<String> send, List<String> consume) {

        public BrokerUser {
            send = send == null ? List.of() : List.copyOf(send);
            consume = consume == null ? List.of() : List.copyOf(consume);
        }
    }

    /**
     * A service partners exchange data through.
     *
     * @param title      what a partner reads in the service list
     * @param paths      path prefixes under which the hub serves it
     * @param contract   where its contract (OpenAPI or WSDL) is published
     * @param messageLog what the message log keeps of its messages
     */
    public record Service(String title, List<String> paths, String contract, LogMode messageLog) {

        public Service {
            paths = paths == null ? List.of() : List.copyOf(paths);
            messageLog = messageLog == null ? LogMode.FULL : messageLog;
        }
    }

    /** What the message log keeps of a service's messages. */
    public enum LogMode {
        /** every field of the row, the body with personal data masked */
        FULL,
        /** every field but the body */
        METADATA,
        /** no row at all */
        NONE
    }

    public ExchangeDirectory {
        // open to additions: a service folder (routes/<service>/service.yaml) adds its service, the partners it calls
        // and its callers' grants when it is read, at start-up or, with the dev profile, while the hub runs
        partners = partners == null ? new ConcurrentHashMap<>() : new ConcurrentHashMap<>(partners);
        services = services == null ? new ConcurrentHashMap<>() : new ConcurrentHashMap<>(services);
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(256) : maxBodySize;
    }

    /**
     * Adds (or replaces) a service read from its folder: the service, the partners it calls (reached through
     * {@code endpoints}, so the message log names them), and the grant of it to each of its {@code callers}.
     *
     * @throws IllegalArgumentException naming a caller that is no partner of the hub, or a partner the configuration
     *                                  already has (a service folder does not redefine one)
     */
    public synchronized void addService(String id, Service service, List<String> callers, Map<String, Partner> called) {
        for (String caller : callers) {
            if (!partners.containsKey(caller)) {
                throw new IllegalArgumentException("callers: " + caller + " is no partner of the hub");
            }
        }
        called.forEach((name, partner) -> {
            // a partner that calls the hub (a key, a certificate, a broker user, grants) is not to be redefined by a
            // folder; one the hub only calls may be, by the folder that brought it when it is read again
            Partner known = partners.get(name);
            if (known != null && (known.apiKeySha256() != null || known.certificateSubject() != null
                    || known.broker() != null || !known.services().isEmpty())) {
                throw new IllegalArgumentException("partners: " + name + " is a partner of the hub already");
            }
        });
        partners.putAll(called);
        services.put(id, service);
        for (String caller : callers) {
            partners.computeIfPresent(caller, (name, p) -> p.services().contains(id) ? p
                    : new Partner(p.name(), p.apiKeySha256(), concat(p.services(), id), p.endpoints(), p.ratePerSecond(),
                    p.broker(), p.certificateSubject(), p.readsRecordsOf()));
        }
    }

    /**
     * Takes back a service a folder served (its card read again, the service gone from it or its callers changed):
     * the service and every partner's grant of it, but for the partners in {@code grantedByConfiguration}, whose own
     * entry grants it.
     */
    public synchronized void withdrawService(String id, Set<String> grantedByConfiguration) {
        services.remove(id);
        partners.replaceAll((name, p) -> !p.services().contains(id) || grantedByConfiguration.contains(name) ? p
                : new Partner(p.name(), p.apiKeySha256(), p.services().stream().filter(s -> !s.equals(id)).toList(),
                p.endpoints(), p.ratePerSecond(), p.broker(), p.certificateSubject(), p.readsRecordsOf()));
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(more);
        return all;
    }

    /** The service served under a request path, if any: the one with the longest matching prefix. */
    public Optional<String> serviceForPath(String path) {
        String best = null;
        int longest = -1;
        for (var e : services.entrySet()) {
            for (String prefix : e.getValue().paths()) {
                if (path.startsWith(prefix) && prefix.length() > longest) {
                    best = e.getKey();
                    longest = prefix.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the partner may use the service: granted to it, or to {@code anyone} (see PartnerGate). */
    public boolean grants(String partner, String service) {
        return service != null && (granted(partner, service) || granted(ANYONE, service));
    }

    private boolean granted(String partner, String service) {
        Partner p = partner == null ? null : partners.get(partner);
        return p != null && p.services().contains(service);
    }

    /** The partner the hub reaches through an endpoint URI, if any. */
    public Optional<String> partnerForEndpoint(String uri) {
        // plain loops: asked for every message the hub sends (message log, metrics), so no streams
        for (var e : partners.entrySet()) {
            for (String prefix : e.getValue().endpoints()) {
                if (uri.startsWith(prefix)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    public LogMode logMode(String service) {
        Service s = service == null ? null : services.get(service);
        return s == null ? LogMode.FULL : s.messageLog();
    }

}
