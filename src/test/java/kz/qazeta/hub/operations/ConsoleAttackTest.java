package kz.qazeta.hub.operations;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import kz.qazeta.hub.DeserializationFilter;
import kz.qazeta.hub.reliability.ReliabilityLedger;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static kz.qazeta.hub.operations.ConsoleAccessTest.OPERATOR;
import static kz.qazeta.hub.operations.ConsoleAccessTest.VIEWER;
import static kz.qazeta.hub.operations.ConsoleAccessTest.as;
import static kz.qazeta.hub.operations.ConsoleAccessTest.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attacks an outside tester ran on the operators' console with its lowest role, each replayed over HTTP against
 * the running hub: Jolokia's JSR-160 proxy (a stub to deserialize, a port to reach), a heap dump written by a viewer,
 * a viewer reading passport numbers off a queue, a foreign page reading Jolokia's answers, a session cookie sent
 * along by other sites, passwords guessed without end, and the open health and info endpoints naming the partners.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleAttackTest extends ConsoleTestSupport {

    /** Set when a {@link Canary} is deserialized: what a gadget chain would run instead. */
    static final AtomicBoolean CANARY_DESERIALIZED = new AtomicBoolean();

    @Autowired
    private CamelContext camel;

    @Autowired
    private ConnectionFactory broker;

    @BeforeAll
    static void asTheHubStarts() {
        // HubApplication.main sets it before anything else; the test JVM starts the hub without main
        DeserializationFilter.install();
    }

    @BeforeEach
    void findThisHubsMBeans() {
        ConsoleAccessTest.managementName = camel.getManagementName();
    }

    @Test
    void theJsr160ProxyNeitherDeserializesAStubNorConnectsAnywhere() throws Exception {
        CANARY_DESERIALIZED.set(false);
        String stub = Base64.getEncoder().encodeToString(serialized(new Canary()));
        jolokiaAsked(VIEWER, proxied("service:jmx:rmi:///stub/" + stub));
        letIn("a viewer's JSR-160 target holding a serialized stub", CANARY_DESERIALIZED.get(), "the proxy is off: nothing deserialized");
        assertThat(CANARY_DESERIALIZED).as("the stub's object was deserialized").isFalse();

        // a port of this machine, listening: the hub must not knock
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            AtomicInteger knocks = new AtomicInteger();
            Thread doorman = new Thread(() -> {
                while (!listening.isClosed()) {
                    try (Socket knocked = listening.accept()) {
                        knocks.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            doorman.setDaemon(true);
            doorman.start();
            String target = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + listening.getLocalPort() + "/jmxrmi";
            jolokiaAsked(VIEWER, proxied(target));
            jolokiaAsked(OPERATOR, proxied(target));
            // the request is answered only after its connection attempt: a knock would be counted by now
            letIn("a JSR-160 target naming any host:port (viewer, operator)", knocks.get() > 0, "no connection opened");
            assertThat(knocks).hasValue(0);
        }
    }

    @Test
    void theJvmRefusesToDeserializeAnythingButPlainValues() throws Exception {
        CANARY_DESERIALIZED.set(false);
        byte[] gadget = serialized(new Canary());
        boolean read;
        try {
            deserialized(gadget);
            read = true;
        } catch (InvalidClassException rejected) {
            read = false;
        }
        letIn("a gadget reaching Java deserialization anywhere in the JVM", read || CANARY_DESERIALIZED.get(),
                "the JVM-wide filter rejects all but plain values");
        assertThatThrownBy(() -> deserialized(gadget)).isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("REJECTED");
        assertThat(CANARY_DESERIALIZED).isFalse();
        // what the JDK's own values need still passes
        HashMap<String, Object> values = new HashMap<>(Map.of("amount", new java.math.BigDecimal("15000"),
                "at", java.time.Instant.parse("2026-12-05T08:00:00Z"), "list", List.of(1L, "two")));
        assertThat(deserialized(serialized(values))).isEqualTo(values);
    }

    @Test
    void aViewerWritesNoHeapDumpByGetOrPost(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("stolen.hprof");
        String mbean = "com.sun.management:type=HotSpotDiagnostic";
        Browser viewer = Browser.signedIn("viewer", "sandbox-viewer-password");

        // a link with only the session cookie, as a foreign page would make the browser follow
        HttpResponse<String> link = viewer.get("/actuator/jolokia/exec/" + mbean + "/dumpHeap/"
                + dump.toString().replace("/", "!/") + "/true");
        assertThat(refused(link)).as(link.body()).isTrue();
        // a POST with the session and its CSRF token, and one with HTTP Basic
        HttpResponse<String> posted = viewer.postJolokia("""
                {"type":"exec","mbean":"%s","operation":"dumpHeap","arguments":["%s",true]}""".formatted(mbean, dump));
        assertThat(refused(posted)).as(posted.body()).isTrue();
        assertThat(jolokiaAsked(VIEWER, """
                {"type":"exec","mbean":"%s","operation":"dumpHeap(java.lang.String,boolean)","arguments":["%s",true]}"""
                .formatted(mbean, dump)).path("status").asInt()).isEqualTo(403);
        // nor does an operator, on any road: a heap dump holds the hub's secrets
        assertThat(jolokiaAsked(OPERATOR, exec(mbean, "dumpHeap").replace("}", ",\"arguments\":[\"" + dump + "\",true]}"))
                .path("status").asInt()).isEqualTo(403);
        letIn("a viewer (or operator) writing a heap dump by GET or POST", Files.exists(dump), "403; no file written");
        assertThat(dump).doesNotExist();
        assertThat(dir).isEmptyDirectory();

        // nor a viewer's other roads to change things: the garbage collector, a logger's level
        assertThat(jolokiaAsked(VIEWER, exec("java.lang:type=Memory", "gc()")).path("status").asInt()).isEqualTo(403);
        assertThat(jolokiaAsked(VIEWER, """
                {"type":"exec","mbean":"java.lang:type=Threading","operation":"resetPeakThreadCount()"}""")
                .path("status").asInt()).isEqualTo(403);
    }

    @Test
    void anOperatorsDangerousOperationsNeedAPostWithTheCsrfToken() {
        Browser operator = Browser.signedIn("operator", "sandbox-operator-password");
        String route = ConsoleAccessTest.route("message-log-archive").replace("\"", "%22");
        assertThat(refused(operator.get("/actuator/jolokia/exec/" + route + "/stop()"))).isTrue();
        HttpResponse<String> withoutToken = operator.post("/actuator/jolokia", """
                {"type":"exec","mbean":"%s","operation":"stop()"}""".formatted(
                ConsoleAccessTest.route("message-log-archive").replace("\"", "\\\"")), Map.of());
        letIn("an operator's route stop by GET or without the CSRF token",
                !camel.getRouteController().getRouteStatus("message-log-archive").isStarted(), "403; the route runs on");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("message-log-archive").isStarted()).isTrue();
        // with its token the operator's console works
        HttpResponse<String> stop = operator.postJolokia(exec(ConsoleAccessTest.route("message-log-archive"), "stop()"));
        assertThat(json(stop).path("status").asInt()).as(stop.body()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("message-log-archive").isStopped()).isTrue();
        assertThat(json(operator.postJolokia(exec(ConsoleAccessTest.route("message-log-archive"), "start()")))
                .path("status").asInt()).isEqualTo(200);
    }

    @Test
    void aViewerReadsNoPassportOffAQueue() {
        String queue = "hub.console-attack.held";
        try (JMSContext context = broker.createContext()) {
            context.createProducer().send(context.createQueue(queue),
                    "{\"passportNumber\":\"N7654321\",\"surname\":\"ABENOVA\"}");
        }
        String mbean = found(queue);
        for (String operation : new String[] {"browse()", "browse(java.lang.String)", "listMessagesAsJSON(java.lang.String)",
                "listMessages(java.lang.String)", "listScheduledMessagesAsJSON()", "peekFirstMessageAsJSON()"}) {
            String request = operation.contains("String)")
                    ? exec(mbean, operation).replace("}", ",\"arguments\":[\"\"]}") : exec(mbean, operation);
            JsonNode answer = jolokiaAsked(VIEWER, request);
            letIn("a viewer browsing a queue's messages", answer.toString().contains("N7654321"), "403; nothing of the body shown");
            assertThat(answer.path("status").asInt()).as(operation + ": " + answer).isEqualTo(403);
            assertThat(answer.toString()).doesNotContain("N7654321", "ABENOVA");
        }
        JsonNode first = jolokiaAsked(VIEWER, ConsoleAccessTest.read(mbean, "FirstMessageAsJSON"));
        assertThat(first.toString()).doesNotContain("N7654321", "ABENOVA");
        assertThat(jolokiaAsked(VIEWER, exec(mbean, "countMessages()")).path("value").asInt()).isEqualTo(1);
        // the message is there, for an operator to browse
        assertThat(jolokiaAsked(OPERATOR, exec(mbean, "browse()")).toString()).contains("N7654321");
    }

    @Test
    void aForeignPageGetsNoCorsAnswerAndIsNotServed() {
        String request = ConsoleAccessTest.read("java.lang:type=Memory", "HeapMemoryUsage");
        HttpResponse<String> foreign = as(VIEWER, "POST", "/actuator/jolokia", request,
                Map.of("Content-Type", "application/json", "Origin", "https://attacker.example"));
        letIn("a foreign page asking Jolokia with the viewer's credentials",
                foreign.headers().firstValue("Access-Control-Allow-Origin").isPresent() || !refused(foreign),
                "no CORS answer; refused");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(refused(foreign)).as(foreign.body()).isTrue();
        HttpResponse<String> preflight = as(VIEWER, "OPTIONS", "/actuator/jolokia", null,
                Map.of("Origin", "https://attacker.example", "Access-Control-Request-Method", "POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // a page of a port next to the hub's is another origin too
        HttpResponse<String> nextDoor = as(VIEWER, "GET", "/actuator/jolokia/version", null,
                Map.of("Origin", url("").replaceFirst(":(\\d+)$", ":1")));
        assertThat(nextDoor.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        // the hub's own pages are served
        HttpResponse<String> own = as(VIEWER, "POST", "/actuator/jolokia", request,
                Map.of("Content-Type", "application/json", "Origin", url("")));
        assertThat(json(own).path("status").asInt()).as(own.body()).isEqualTo(200);
    }

    @Test
    void theSessionCookieStaysOnTheHubsOwnPages() {
        Browser viewer = Browser.signedIn("viewer", "sandbox-viewer-password");
        assertThat(viewer.signedInCookies).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly"));
        assertThat(viewer.tokenCookies).allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("SameSite=Strict"));
        assertThat(viewer.tokenCookies).isNotEmpty();
    }

    @Test
    void guessedPasswordsLockTheUserThenTheAddress(CapturedOutput logs) throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(as("guessed:guess-" + i, "GET", "/actuator/jolokia/version", null, Map.of()).statusCode()).isEqualTo(401);
        }
        // locked: the right password is refused too, by HTTP Basic and by the login form
        int rightPassword = as("guessed:sandbox-viewer-password", "GET", "/actuator/jolokia/version", null, Map.of()).statusCode();
        letIn("guessing a console password (5 tries, then the right one)", rightPassword != 401, "the user is locked, logged");
        assertThat(rightPassword).isEqualTo(401);
        assertThat(Browser.signIn("guessed", "sandbox-viewer-password").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
        // the other users of the same address are not
        assertThat(as(VIEWER, "GET", "/actuator/jolokia/version", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(logs.getAll()).contains("console sign-in locked: user guessed").doesNotContain("guess-5");

        // one address trying many names is locked whoever it names next; other addresses are not
        for (int i = 1; i <= 20; i++) {
            assertThat(fromAddress("127.0.0.3", "nobody-" + i + ":guess")).isEqualTo(401);
        }
        int named = fromAddress("127.0.0.3", OPERATOR);
        letIn("guessing from one address over 20 user names, then a real one", named != 401, "the address is locked, logged");
        assertThat(named).isEqualTo(401);
        assertThat(fromAddress("127.0.0.4", OPERATOR)).isEqualTo(200);
        assertThat(logs.getAll()).contains("console sign-in locked: address 127.0.0.3");
    }

    @Test
    void withoutALoginHealthAndInfoNameNoPartnerNorVersion() {
        HttpResponse<String> health = as(null, "GET", "/actuator/health", null, Map.of());
        HttpResponse<String> partners = as(null, "GET", "/actuator/health/partners", null, Map.of());
        letIn("an anonymous caller reading partner names or versions off health and info",
                (health.body() + partners.body()).contains("invitation-registry")
                        || as(null, "GET", "/actuator/info", null, Map.of()).statusCode() == 200,
                "status only; info needs a login");
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(fieldNames(json(health))).as(health.body()).contains("status").isSubsetOf("status", "groups");
        assertThat(health.body()).doesNotContain("invitation-registry", "components", "version");
        // a component is not shown to whom its name is not: Spring Boot answers as if there were none
        assertThat(partners.statusCode()).isEqualTo(404);
        assertThat(partners.body()).doesNotContain("invitation-registry", "components", "version");
        assertThat(as(null, "GET", "/actuator/info", null, Map.of()).statusCode()).isEqualTo(401);
        // the Kubernetes probes keep answering without a login
        assertThat(as(null, "GET", "/actuator/health/liveness", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(as(null, "GET", "/actuator/health/readiness", null, Map.of()).statusCode()).isEqualTo(200);
        // a signed-in viewer still sees the partners
        assertThat(as(VIEWER, "GET", "/actuator/health/partners", null, Map.of()).body()).contains("invitation-registry");
        assertThat(as(VIEWER, "GET", "/actuator/info", null, Map.of()).statusCode()).isEqualTo(200);
    }

    // --- helpers ---

    /** One try of an attack class for the reliability suite's table, before the test asserts on it. */
    private static void letIn(String kind, boolean got, String shows) {
        ReliabilityLedger.attack("attack: console", kind, 1, got ? 1 : 0, shows);
    }

    static String proxied(String target) {
        return """
                {"type":"read","mbean":"java.lang:type=Memory","attribute":"HeapMemoryUsage","target":{"url":"%s"}}"""
                .formatted(target);
    }

    /** Jolokia's answer, whatever its status, as long as the request was taken. */
    static JsonNode jolokiaAsked(String user, String request) {
        HttpResponse<String> response = as(user, "POST", "/actuator/jolokia", request, Map.of("Content-Type", "application/json"));
        return response.body().startsWith("{") ? json(response) : JSON.createObjectNode().put("status", response.statusCode());
    }

    static boolean refused(HttpResponse<String> response) {
        if (response.statusCode() == 403 || response.statusCode() == 401) {
            return true;
        }
        return response.body().startsWith("{") && json(response).path("status").asInt() == 403;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String found(String queue) {
        JsonNode found = jolokiaAsked(VIEWER, """
                {"type":"search","mbean":"org.apache.activemq.artemis:queue=\\"%s\\",subcomponent=queues,*"}""".formatted(queue));
        assertThat(found.path("value").size()).as(found.toString()).isEqualTo(1);
        return found.path("value").get(0).asText();
    }

    /** A request with HTTP Basic from one of this machine's loopback addresses (the HTTP client cannot choose). */
    private static int fromAddress(String address, String user) throws IOException {
        int port = URI.create(url("/")).getPort();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /actuator/jolokia/version HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8))
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static byte[] serialized(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    static Object deserialized(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    /** What a gadget stands for: any class of the classpath whose deserialization does something. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            CANARY_DESERIALIZED.set(true);
        }
    }

    /** A browser signed in through the login form: its cookies, and Hawtio's CSRF token. */
    static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();

        /** The cookies set so far, sent back as a browser would on the hub's own origin (Secure ones too: the
         * production test speaks plain HTTP to a hub that sits behind TLS in production). */
        final Map<String, String> cookies = new java.util.LinkedHashMap<>();
        List<String> signedInCookies = List.of();
        List<String> tokenCookies = List.of();

        /** The login form's answer to the given user and password. */
        static HttpResponse<String> signIn(String user, String password) {
            return new Browser().submit(user, password);
        }

        static Browser signedIn(String user, String password) {
            Browser browser = new Browser();
            HttpResponse<String> signedIn = browser.submit(user, password);
            assertThat(signedIn.headers().firstValue("Location")).as("signed in as " + user)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/actuator/hawtio/"));
            browser.signedInCookies = signedIn.headers().allValues("Set-Cookie");
            // the console's first page sets Hawtio's token cookie
            browser.tokenCookies = browser.get("/actuator/hawtio/").headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("XSRF-TOKEN=")).toList();
            return browser;
        }

        private HttpResponse<String> submit(String user, String password) {
            HttpResponse<String> form = get("/login");
            Matcher token = CSRF.matcher(form.body());
            assertThat(token.find()).as(form.body()).isTrue();
            String body = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(token.group(1));
            return post("/login", body, Map.of("Content-Type", "application/x-www-form-urlencoded"));
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), Map.of());
        }

        HttpResponse<String> post(String path, String body, Map<String, String> headers) {
            return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
        }

        /** As Hawtio posts to Jolokia: the token of the XSRF-TOKEN cookie in the X-XSRF-TOKEN header. */
        HttpResponse<String> postJolokia(String request) {
            String token = cookies.get("XSRF-TOKEN");
            assertThat(token).as("the XSRF-TOKEN cookie").isNotBlank();
            return post("/actuator/jolokia", request, Map.of("Content-Type", "application/json", "X-XSRF-TOKEN", token));
        }

        private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
            headers.forEach(request::header);
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
            try {
                HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String set : response.headers().allValues("Set-Cookie")) {
                    String[] pair = set.split(";", 2)[0].split("=", 2);
                    if (set.contains("Max-Age=0") || pair[1].isEmpty()) {
                        cookies.remove(pair[0]);
                    } else {
                        cookies.put(pair[0], pair[1]);
                    }
                }
                return response;
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
