package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An Artemis broker of its own, as a separate process (run with the test classpath): the hub's "external Artemis"
 * of the production profile, with a persistent journal, a TCP acceptor, and the hub's dead-letter and redelivery
 * settings. The reliability suite kills it with SIGKILL and starts it again on the same journal.
 */
public final class ExternalBroker {

    private ExternalBroker() {
    }

    /** {@code port} and {@code directory}: where it listens and keeps its journal. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path directory = Path.of(args[1]);
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setName("external-broker");
        configuration.setPersistenceEnabled(true);
        configuration.setSecurityEnabled(false);
        configuration.setJournalType(JournalType.NIO);
        configuration.setJournalDirectory(directory.resolve("journal").toString());
        configuration.setBindingsDirectory(directory.resolve("bindings").toString());
        configuration.setLargeMessagesDirectory(directory.resolve("large-messages").toString());
        configuration.setPagingDirectory(directory.resolve("paging").toString());
        configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        configuration.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLA"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateDeadLetterResources(true)
                .setMaxDeliveryAttempts(5)
                .setRedeliveryDelay(500)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(8000));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        System.out.println("external broker started on " + port);
        Thread.currentThread().join();
    }

    /** Starts the broker as a process of its own and waits until it takes connections. */
    static Process start(int port, Path directory) throws IOException, InterruptedException {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ExternalBroker.class.getName(), String.valueOf(port), directory.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile())).start();
        org.awaitility.Awaitility.await().atMost(HubProcess.START).pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the broker ended: see " + directory.resolve("broker.log"));
                    }
                    try (var socket = new java.net.Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        return process;
    }
}
