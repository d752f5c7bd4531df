package kz.qazeta.hub.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hub's front door as hostile callers reach it: every endpoint that takes a body, with a valid body to start
 * from, raw bytes sent as they are (any content type, invalid UTF-8), and the checks every answer must pass: never
 * a 5xx, never a stack trace, a 4xx always an RFC 9457 problem.
 */
final class FrontDoorRequests {

    static final String FRONT_DOOR = "sandbox-front-door-key";
    static final String GATEWAY = "sandbox-payment-gateway-key";
    static final String AUTHORITY = "sandbox-migration-authority-key";
    static final String OPERATOR = "sandbox-operator-key";
    private static final byte[] CALLBACK_SECRET = "sandbox-payment-callback-secret".getBytes(StandardCharsets.UTF_8);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a stack trace or the hub's insides look like in an answer. */
    private static final Pattern INSIDES = Pattern.compile(
            "Exception|\\tat |\\bat (java|org|kz|com|jakarta)\\.|\\.java:\\d|Caused by|stackTrace|\"trace\"");

    /** One endpoint that takes a body: how to reach it, and a valid body (made anew each time: ids must differ). */
    record Endpoint(String name, String method, String path, String key, Function<Baseline, String> validBody,
                    boolean signed) {
    }

    /** Records made before the hostile requests, whose views must be the same after them. */
    record Baseline(String evisaId, String etaId, String certificateId) {

        /** Each record's view as the front door reads it (waiting out the partner's rate limit the cases used up). */
        Map<String, String> views(int port) {
            Map<String, String> views = new java.util.LinkedHashMap<>();
            views.put("e-Visa", view(port, "/api/v1/evisa/applications/" + evisaId));
            views.put("ETA", view(port, "/api/v1/eta/applications/" + etaId));
            views.put("certificate", view(port, "/api/v1/border-crossings/certificates/" + certificateId));
            return views;
        }

        private static String view(int port, String path) {
            return waitingOutRateLimit(() -> get(port, path, FRONT_DOOR)).body();
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("e-Visa submission", "POST", "/api/v1/evisa/applications", FRONT_DOOR,
                        b -> evisa("F" + (1_000_000 + (int) (Math.random() * 8_000_000)), "INV-NONE-" + UUID.randomUUID()), false),
                new Endpoint("ETA submission", "POST", "/api/v1/eta/applications", FRONT_DOOR, b -> eta("E" + (1_000_000 + (int) (Math.random() * 8_000_000))), false),
                new Endpoint("e-Residency submission", "POST", "/api/v1/eresidency/applications", FRONT_DOOR, b -> eresidency(), false),
                new Endpoint("border certificate", "POST", "/api/v1/border-crossings/certificates", FRONT_DOOR, b -> certificate(), false),
                new Endpoint("IMEI verification", "POST", "/api/v1/imei/verifications", FRONT_DOOR,
                        b -> "{\"certificateId\":\"" + b.certificateId() + "\",\"imeis\":[\"490154203237518\"]}", false),
                new Endpoint("insurance policy", "POST", "/api/v1/insurance/policies", FRONT_DOOR,
                        b -> "{\"application\":{\"service\":\"eta\",\"id\":\"" + b.etaId() + "\"},\"coverage\":\"STANDARD\"}", false),
                new Endpoint("ETA revocation", "POST", "/api/v1/eta-authority/applications/" + UUID.randomUUID() + "/revocation",
                        AUTHORITY, b -> "{\"reason\":\"document reported stolen\"}", false),
                new Endpoint("payment callback (signed)", "POST", "/api/v1/payments/callback", GATEWAY,
                        b -> callback(UUID.randomUUID().toString()), true),
                new Endpoint("visa-exempt list (operator, CSV)", "PUT",
                        "/api/v1/admin/reference/visa-exempt-countries?effectiveFrom=2099-01-01", OPERATOR,
                        b -> "iso3,name_en,max_stay_days,basis\nDEU,Germany,30,bilateral\n", false));
    }

    static String evisa(String passport, String invitation) {
        return """
                {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"JAM","surname":"BROWN",
                              "givenNames":"ALEX","dateOfBirth":"1990-05-17","sex":"M","passportExpiry":"%s"},
                 "category":"B12","invitationNumber":"%s","intendedEntryDate":"%s","arrivalAirport":"ALA"}
                """.formatted(passport, LocalDate.now().plusYears(5), invitation, LocalDate.now().plusDays(30));
    }

    static String eta(String passport) {
        return """
                {"traveller":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"DEU","surname":"SMITH",
                              "givenNames":"JO","dateOfBirth":"1985-02-03","sex":"F","passportExpiry":"2035-01-01"},
                 "plannedArrival":"%s","purpose":"TOURISM","officialDelegationMember":false,"accreditedDiplomat":false}
                """.formatted(passport, OffsetDateTime.now(ZoneOffset.ofHours(5)).plusDays(5).withNano(0));
    }

    static String eresidency() {
        return """
                {"applicant":{"passportNumber":"R%d","passportType":"ORDINARY","nationality":"IND","surname":"RAO",
                              "givenNames":"PRIYA","dateOfBirth":"1988-03-14","sex":"F","passportExpiry":"2032-01-01"},
                 "contact":{"email":"priya.rao@example.com","phone":"+919812345678"},
                 "services":{"iin":true,"esim":{"operator":"default"}}}
                """.formatted(1_000_000 + (int) (Math.random() * 8_000_000));
    }

    static String certificate() {
        return """
                {"document":{"type":"PASSPORT","number":"N1234567","issuingCountry":"GBR"},"nationality":"GBR",
                 "dateOfBirth":"1980-04-01","period":{"from":"2025-01-01","to":"2026-11-01"}}
                """;
    }

    static String callback(String paymentId) {
        return """
                {"eventId":"%s","paymentId":"%s","orderId":"%s","state":"PAID","amount":{"value":15000,"currency":"KZT"},
                 "paidAt":"2026-01-01T10:00:00Z"}
                """.formatted(UUID.randomUUID(), paymentId, UUID.randomUUID());
    }

    /** The gateway's signature of a callback body, as its twin makes it. */
    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(CALLBACK_SECRET, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends raw bytes to an endpoint with the given content type (null: none) and further headers. */
    static HttpResponse<String> send(int port, Endpoint endpoint, byte[] body, String contentType,
                                     Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path()))
                .timeout(Duration.ofSeconds(60))
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Api-Key", endpoint.key());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (endpoint.signed()) {
            request.header("X-Payment-Signature", sign(body));
        }
        headers.forEach(request::header);
        return waitingOutRateLimit(() -> {
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(endpoint.name() + ": no answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    /**
     * Sends again while the front door answers 429: a hostile case uses up the partner's rate, and what comes after
     * it (the next case, the records' views) must reach the endpoint itself, not the rate limit.
     */
    static HttpResponse<String> waitingOutRateLimit(java.util.function.Supplier<HttpResponse<String>> call) {
        HttpResponse<String> response = call.get();
        for (int i = 0; i < 10 && response.statusCode() == 429; i++) {
            PartnerFaultsTest.sleep(Duration.ofSeconds(1));
            response = call.get();
        }
        return response;
    }

    static HttpResponse<String> get(int port, String path, String key) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("X-Api-Key", key).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(path + ": no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * What is wrong with an answer to a hostile request, or null if nothing: a 5xx, a stack trace or the hub's
     * insides in the body, a 4xx that is not a problem.
     */
    static String breach(HttpResponse<String> response) {
        return breach(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    static String breach(int status, String contentType, String body) {
        if (status >= 500) {
            return "answered " + status;
        }
        if (body != null && INSIDES.matcher(body).find()) {
            return "a stack trace or class names in the answer: " + abbreviate(body);
        }
        // a URL the web server itself refuses before any of the hub sees it (an encoded slash, say): its bare 400 page
        if (status == 400 && contentType.startsWith("text/html") && body != null
                && body.contains("<h1>HTTP Status 400 – Bad Request</h1></body></html>")) {
            return null;
        }
        if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            return "a " + status + " that is not a problem (" + contentType + "): " + abbreviate(body);
        }
        return null;
    }

    static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** An HTTP/1.1 exchange over a raw socket: for what HttpClient will not send (CR/LF in headers, a lying length). */
    static RawAnswer raw(int port, String head, byte[] body, Duration wait) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) wait.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return RawAnswer.read(socket.getInputStream());
        }
    }

    /** An answer read off a raw socket: its status line, head and body as far as it came. */
    record RawAnswer(int status, String head, String body) {

        static RawAnswer read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    bytes.write(buffer, 0, n);
                    String so = bytes.toString(StandardCharsets.UTF_8);
                    int end = so.indexOf("\r\n\r\n");
                    if (end > 0 && complete(so, end)) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException stopped) {
                // what came is what there is
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
            return new RawAnswer(status, head, end < 0 ? "" : text.substring(end + 4));
        }

        private static boolean complete(String text, int headEnd) {
            String head = text.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at >= 0) {
                int eol = head.indexOf('\r', at);
                int length = Integer.parseInt(head.substring(at + 15, eol < 0 ? head.length() : eol).trim());
                return text.getBytes(StandardCharsets.UTF_8).length - headEnd - 4 >= length;
            }
            return text.endsWith("0\r\n\r\n");
        }

        String contentType() {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    return line.substring(13).trim();
                }
            }
            return "";
        }
    }
}
