import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Ministry of Health's vaccination registry, run as a process of its own
 * ({@code java HealthRegistry.java}): it shares nothing with the hub but the wire. POST /certificates/verify answers a
 * certificate's status (REVOKED for numbers ending in 0, VALID otherwise) and echoes the holder's data as the real
 * registry does; GET /received lists what it was sent (the correlation id and the body), for the test to read.
 * Prints "listening on <port>" once it is.
 */
public class HealthRegistry {

    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 50);
        server.createContext("/certificates/verify", HealthRegistry::verify);
        server.createContext("/received", exchange -> answer(exchange, 200, "[" + String.join(",", RECEIVED) + "]"));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void verify(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String correlation = exchange.getRequestHeaders().getFirst("X-Correlation-Id");
        RECEIVED.add("{\"correlationId\":" + quoted(correlation) + ",\"body\":" + quoted(body) + "}");
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{\"error\":\"POST only\"}");
            return;
        }
        String number = field(body, "certificateNo");
        String status = number.endsWith("0") ? "REVOKED" : "VALID";
        answer(exchange, 200, "{\"certificateNo\":" + quoted(number) + ",\"status\":\"" + status + "\",\"vaccine\":\"MMR\","
                + "\"doses\":2,\"holderName\":" + quoted(field(body, "holderName")) + ",\"nationalId\":"
                + quoted(field(body, "nationalId")) + "}");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
