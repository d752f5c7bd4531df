package kz.qazeta.hub.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.HubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner configured for mutual TLS is known by its client certificate alone; one without a certificate
 * or a key is refused. Keys and certificates are made for the test with the JDK's keytool.
 */
class MutualTlsTest {

    private static final String PASSWORD = "changeit";

    @Test
    void aPartnerIsIdentifiedByItsClientCertificate() throws Exception {
        Path pki = Files.createTempDirectory("hub-mtls");
        keytool(pki, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12");
        keytool(pki, "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-dname", "CN=mtls-probe,O=Test",
                "-validity", "2", "-keystore", "client.p12");
        keytool(pki, "-exportcert", "-alias", "client", "-keystore", "client.p12", "-file", "client.cer");
        keytool(pki, "-importcert", "-noprompt", "-alias", "client", "-file", "client.cer", "-keystore", "server-trust.p12");
        keytool(pki, "-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.cer");
        keytool(pki, "-importcert", "-noprompt", "-alias", "server", "-file", "server.cer", "-keystore", "client-trust.p12");
        int port = freePort();

        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .profiles("sandbox", "test")
                .run("--server.port=" + port,
                        "--server.ssl.enabled=true",
                        "--server.ssl.key-store=" + pki.resolve("server.p12"),
                        "--server.ssl.key-store-password=" + PASSWORD,
                        "--server.ssl.client-auth=want",
                        "--server.ssl.trust-store=" + pki.resolve("server-trust.p12"),
                        "--server.ssl.trust-store-password=" + PASSWORD,
                        "--qazeta.exchange.partners.mtls-probe.name=A partner on mutual TLS",
                        "--qazeta.exchange.partners.mtls-probe.certificate-subject=CN=mtls-probe,O=Test",
                        "--qazeta.exchange.partners.mtls-probe.services[0]=discovery",
                        "--qazeta.data-dir=" + pki.resolve("data"),
                        "--spring.datasource.url=jdbc:h2:mem:hub-mtls;DB_CLOSE_DELAY=-1",
                        "--camel.main.jmx-enabled=false")) {
            URI services = URI.create("https://localhost:" + port + "/api/v1/services");

            var withCertificate = client(pki, true).send(HttpRequest.newBuilder(services).build(),
                    HttpResponse.BodyHandlers.ofString());
            var without = client(pki, false).send(HttpRequest.newBuilder(services).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(withCertificate.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(withCertificate.body()).path("partner").asText()).isEqualTo("mtls-probe");
            assertThat(without.statusCode()).isEqualTo(401);
        }
    }

    private static HttpClient client(Path pki, boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(pki.resolve("client-trust.p12")));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(pki.resolve("client.p12")), PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(withCertificate ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
