package kz.qazeta.hub.sandbox.eresidency;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import kz.qazeta.hub.sandbox.TwinBroker;
import kz.qazeta.hub.sandbox.eresidency.TwinBehaviour.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The partner banks' twins: each takes requests from its own queue on the hub's broker, as its own broker user,
 * and answers later on the request's JMSReplyTo - an account opened (IBAN, and a card if asked), or a
 * cancellation confirmed. One account per bank and reference, however often asked. The banks are those of
 * {@code qazeta.eresidency.banks} that have a twin password in {@code qazeta.sandbox.banks.<bank>}; their
 * answers come after {@code qazeta.sandbox.bank-answer-delay} (and any delay a tester sets).
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class BankTwins implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BankTwins.class);

    public record TwinPassword(String brokerPassword) {
    }

    public record BankQueues(String requestQueue) {
    }

    private final SandboxDatabase database;
    private final TwinBehaviour behaviour;
    private final ObjectMapper json;
    private final ArtemisProperties artemis;
    private final Environment environment;
    private final Duration answerDelay;
    private final List<DefaultMessageListenerContainer> listeners = new ArrayList<>();
    private final List<TwinBroker> connections = new ArrayList<>();
    private ScheduledExecutorService answers;
    private volatile boolean running;

    public BankTwins(SandboxDatabase database, TwinBehaviour behaviour, ObjectMapper json, ArtemisProperties artemis,
                     Environment environment) {
        this.database = database;
        this.behaviour = behaviour;
        this.json = json;
        this.artemis = artemis;
        this.environment = environment;
        this.answerDelay = environment.getProperty("qazeta.sandbox.bank-answer-delay", Duration.class, Duration.ofSeconds(2));
    }

    @Override
    public void start() {
        Binder binder = Binder.get(environment);
        Map<String, BankQueues> banks = binder.bind("qazeta.eresidency.banks", Bindable.mapOf(String.class, BankQueues.class))
                .orElse(Map.of());
        Map<String, TwinPassword> twins = binder.bind("qazeta.sandbox.banks", Bindable.mapOf(String.class, TwinPassword.class))
                .orElse(Map.of());
        answers = Executors.newScheduledThreadPool(2);
        LOG.info("Bank twins: {} configured, {} with a twin", banks.keySet(), twins.keySet());
        twins.forEach((bank, twin) -> {
            BankQueues queues = banks.get(bank);
            if (queues == null) {
                return;
            }
            TwinBroker broker = TwinBroker.connect(artemis, bank, twin.brokerPassword());
            connections.add(broker);
            JmsTemplate jms = new JmsTemplate(broker.factory());
            DefaultMessageListenerContainer listener = new DefaultMessageListenerContainer();
            listener.setConnectionFactory(broker.listenerFactory());
            listener.setDestinationName(queues.requestQueue());
            listener.setSessionTransacted(true);
            listener.setMessageListener((jakarta.jms.MessageListener) message -> onRequest(bank, jms, message));
            listener.afterPropertiesSet();
            listener.start();
            listeners.add(listener);
            LOG.info("Bank twin {} takes requests from {}", bank, queues.requestQueue());
        });
        running = true;
    }

    private void onRequest(String bank, JmsTemplate jms, Message message) {
        try {
            JsonNode request = json.readTree(((TextMessage) message).getText());
            Destination replyTo = message.getJMSReplyTo();
            if (replyTo == null || !request.hasNonNull("reference")) {
                throw new IllegalArgumentException("bank request without reference or JMSReplyTo");
            }
            String type = request.path("type").asText();
            // a tester's misbehaviour applies to account openings; cancellations are always answered
            TwinBehaviour.Behaviour asked = "OPEN_ACCOUNT".equals(type) ? behaviour.take(bank) : TwinBehaviour.Behaviour.NORMAL;
            Mode mode = asked.mode();
            Map<String, Object> answer = switch (type) {
                case "OPEN_ACCOUNT" -> open(bank, request, mode);
                case "CANCEL" -> cancel(bank, request);
                default -> throw new IllegalArgumentException("unknown bank request type " + type);
            };
            if (mode == Mode.SILENT) {
                LOG.info("Bank twin {}: request {} will never be answered", bank, request.path("requestId").asText());
                return;
            }
            String text = json.writeValueAsString(answer);
            String correlationId = message.getJMSCorrelationID();
            int copies = mode == Mode.TWICE ? 2 : 1;
            answers.schedule(() -> {
                for (int i = 0; i < copies; i++) {
                    jms.send(replyTo, session -> {
                        TextMessage reply = session.createTextMessage(text);
                        reply.setJMSCorrelationID(correlationId);
                        return reply;
                    });
                }
                LOG.info("Bank twin {}: answered {} for request {}", bank, answer.get("outcome"), answer.get("requestId"));
            }, answerDelay.toMillis() + asked.delayMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the listener's transaction rolls back: the broker redelivers, then dead-letters the request
            throw new IllegalStateException("bank twin " + bank + " could not take a request", e);
        }
    }

    private Map<String, Object> open(String bank, JsonNode request, Mode mode) {
        String reference = request.path("reference").asText();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("answerId", UUID.randomUUID().toString());
        answer.put("requestId", request.path("requestId").asText());
        answer.put("reference", reference);
        if (mode == Mode.FAIL || mode == Mode.REFUSE) {
            answer.put("outcome", "REJECTED");
            answer.put("reason", "The bank's compliance check could not be completed remotely");
            return answer;
        }
        List<Map<String, Object>> rows = find(bank, reference);
        if (rows.isEmpty()) {
            boolean card = request.path("card").asBoolean(false);
            database.jdbc().update("insert into bank_account values (:bank, :reference, :iin, :iban, :pan, 'OPEN', :at)",
                    new MapSqlParameterSource().addValue("bank", bank).addValue("reference", reference)
                            .addValue("iin", request.path("iin").asText()).addValue("iban", newIban())
                            .addValue("pan", card ? "4400 43** **** " + (1000 + ThreadLocalRandom.current().nextInt(9000)) : null)
                            .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
            rows = find(bank, reference);
        }
        Map<String, Object> row = rows.get(0);
        if ("CANCELLED".equals(row.get("STATUS"))) {
            answer.put("outcome", "REJECTED");
            answer.put("reason", "The request was cancelled");
            return answer;
        }
        answer.put("outcome", "OPENED");
        answer.put("account", Map.of("iban", row.get("IBAN"), "currency", request.path("currency").asText("KZT")));
        if (row.get("MASKED_PAN") != null) {
            answer.put("card", Map.of("maskedPan", row.get("MASKED_PAN")));
        }
        return answer;
    }

    private Map<String, Object> cancel(String bank, JsonNode request) {
        String reference = request.path("reference").asText();
        if (database.jdbc().update("update bank_account set status = 'CANCELLED' where bank = :bank and reference = :reference",
                Map.of("bank", bank, "reference", reference)) == 0) {
            // a cancellation that overtakes the request: no account will be opened under this reference
            database.jdbc().update("insert into bank_account values (:bank, :reference, '', '', null, 'CANCELLED', :at)",
                    new MapSqlParameterSource().addValue("bank", bank).addValue("reference", reference)
                            .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("answerId", UUID.randomUUID().toString());
        answer.put("requestId", request.path("requestId").asText());
        answer.put("reference", reference);
        answer.put("outcome", "CANCELLED");
        return answer;
    }

    private List<Map<String, Object>> find(String bank, String reference) {
        return database.jdbc().queryForList("select * from bank_account where bank = :bank and reference = :reference",
                Map.of("bank", bank, "reference", reference));
    }

    /** A Kazakh IBAN: KZ, two check digits (ISO 13616, mod 97), a three-digit bank code, thirteen account digits. */
    static String newIban() {
        String bban = "998" + "%013d".formatted(ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
        // K=20, Z=35; the country and "00" moved to the end
        int check = 98 - new BigInteger(bban + "2035" + "00").mod(BigInteger.valueOf(97)).intValue();
        return "KZ%02d%s".formatted(check, bban);
    }

    @Override
    public void stop() {
        listeners.forEach(DefaultMessageListenerContainer::shutdown);
        listeners.clear();
        if (answers != null) {
            answers.shutdownNow();
        }
        connections.forEach(TwinBroker::close);
        connections.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
