package kz.qazeta.hub.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.reliability.FrontDoorRequests.Baseline;
import kz.qazeta.hub.reliability.FrontDoorRequests.Endpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzzer at the front door: random mutations of valid requests to every endpoint that takes a body (fields
 * removed, renamed, duplicated, given values of other types, odd strings and numbers; bytes flipped, cut, repeated;
 * content types and headers varied; ids in paths spoiled). Asserts for every case: never a 5xx, never a stack trace,
 * a 4xx always a problem, and the records made before unchanged. {@code -Dreliability.fuzz.cases} (400) and
 * {@code -Dreliability.fuzz.seed} reproduce a run; a failing case prints its seed and request.
 */
@Tag("reliability")
class FrontDoorFuzzTest extends HubTestSupport {

    private static final int CASES = Integer.getInteger("reliability.fuzz.cases", 400);
    private static final long SEED = Long.getLong("reliability.fuzz.seed", System.currentTimeMillis());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ODD_STRINGS = List.of("", " ", "'", "\"", "\\", "%00", "\u0000", "\n\r", "../../etc/passwd",
            "' OR '1'='1", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "#{7*7}", "$(id)",
            "\uD83D\uDE00", "\uFFFD", "\u202Etxt.exe", "ß", "Қазақстан", "null", "true", "-1", "1e309", "9".repeat(40),
            "A".repeat(5000), "2026-02-30", "0000-00-00", "2026-13-01T25:61:61+99:00", "NaN", "Infinity", "KZ", "kz", "\t");

    @LocalServerPort
    int port;

    @Test
    void randomMutationsOfValidRequestsNeverBreakTheHub() {
        System.out.println("Front-door fuzz: seed " + SEED + ", " + CASES + " cases (-Dreliability.fuzz.seed=" + SEED + ")");
        Random random = new Random(SEED);
        Baseline baseline = baseline();
        Map<String, String> before = baseline.views(port);
        List<Endpoint> endpoints = FrontDoorRequests.endpoints();
        List<String> lost = new ArrayList<>();
        Map<String, int[]> byEndpoint = new LinkedHashMap<>();
        for (int i = 0; i < CASES; i++) {
            Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
            byte[] body = mutate(endpoint.validBody().apply(baseline), endpoint.path().contains("visa-exempt"), random);
            String contentType = random.nextInt(10) == 0 ? pick(random, List.of("text/plain", "application/xml",
                    "application/json; charset=UTF-16", "application/json; charset=ISO-8859-1", "*/*", "application/x-www-form-urlencoded"))
                    : endpoint.path().contains("visa-exempt") ? "text/csv" : "application/json";
            Map<String, String> headers = new HashMap<>();
            if (random.nextInt(5) == 0) {
                headers.put("Idempotency-Key", printable(pick(random, ODD_STRINGS)));
            }
            if (random.nextInt(5) == 0) {
                headers.put("Accept-Language", printable(pick(random, List.of("kk", "ru", "en", "de", "*", "kk;q=abc", "x".repeat(300), ""))));
            }
            if (random.nextInt(8) == 0) {
                headers.put("X-Correlation-Id", printable(pick(random, ODD_STRINGS)));
            }
            var response = FrontDoorRequests.send(port, endpoint, body, contentType, headers);
            String breach = FrontDoorRequests.breach(response);
            byEndpoint.computeIfAbsent(endpoint.name(), n -> new int[2])[0]++;
            if (breach != null) {
                byEndpoint.get(endpoint.name())[1]++;
                lost.add("case " + i + " (seed " + SEED + ") " + endpoint.name() + " " + contentType + " "
                        + FrontDoorRequests.abbreviate(new String(body, StandardCharsets.UTF_8)) + " -> " + breach);
            }
            if (random.nextInt(10) == 0) {
                String path = pick(random, List.of("/api/v1/evisa/applications/", "/api/v1/eta/applications/",
                        "/api/v1/eresidency/applications/", "/api/v1/border-crossings/certificates/",
                        "/api/v1/insurance/policies/", "/api/v1/border-crossings/certificates/verify/"))
                        + java.net.URLEncoder.encode(pick(random, ODD_STRINGS), StandardCharsets.UTF_8);
                var got = FrontDoorRequests.get(port, path, FrontDoorRequests.FRONT_DOOR);
                String broken = FrontDoorRequests.breach(got);
                byEndpoint.computeIfAbsent("GET by a spoiled id", n -> new int[2])[0]++;
                if (broken != null) {
                    byEndpoint.get("GET by a spoiled id")[1]++;
                    lost.add("case " + i + " GET " + path + " -> " + broken);
                }
            }
        }
        Map<String, String> after = baseline.views(port);
        int changed = 0;
        for (var view : before.entrySet()) {
            if (!view.getValue().equals(after.get(view.getKey()))) {
                changed++;
                lost.add("the " + view.getKey() + " made before was changed: " + after.get(view.getKey()));
            }
        }
        byEndpoint.forEach((name, counts) -> ReliabilityLedger.record("input: fuzz (seed " + SEED + ")", name, counts[0],
                counts[1], "random mutations: no 5xx, no stack trace, 4xx always a problem"));
        ReliabilityLedger.record("input: fuzz (seed " + SEED + ")", "records made before", before.size(), changed,
                "unchanged after every case");
        assertThat(lost).isEmpty();
    }

    private Baseline baseline() {
        String passport = newPassport();
        String invitation = "INV-FUZZ-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String evisa = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of())).path("id").asText();
        awaitStatus(evisa, "AWAITING_PAYMENT");
        String eta = json(post("/api/v1/eta/applications", FrontDoorRequests.eta(newPassport()), Map.of())).path("id").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> json(get("/api/v1/eta/applications/" + eta, Map.of())).path("status").asText(), "ISSUED"::equals);
        var certificate = post("/api/v1/border-crossings/certificates", FrontDoorRequests.certificate(), Map.of());
        return new Baseline(evisa, eta, json(certificate).path("id").asText());
    }


    // --- mutations ---

    private static byte[] mutate(String valid, boolean csv, Random random) {
        String text = valid;
        if (!csv) {
            try {
                JsonNode tree = JSON.readTree(valid);
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    mutateTree(tree, random);
                }
                text = tree.toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        } else if (random.nextBoolean()) {
            text = valid.replace("DEU", pick(random, ODD_STRINGS)).replace("30", pick(random, ODD_STRINGS));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return random.nextInt(4) == 0 ? mutateBytes(bytes, random) : bytes;
    }

    private static void mutateTree(JsonNode root, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            target.put("x", 1);
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(8)) {
            case 0 -> target.remove(name);
            case 1 -> target.set(name + pick(random, List.of("_", "X", "\u0000", " ")), target.remove(name));
            case 2 -> target.set(name, randomValue(random, 0));
            case 3 -> target.put(name, pick(random, ODD_STRINGS));
            case 4 -> target.put(name, pick(random, List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 1L << 53)));
            case 5 -> target.set(name, NODES.arrayNode().add(target.get(name)));
            case 6 -> target.set("unexpected" + random.nextInt(5), randomValue(random, 0));
            default -> {
                JsonNode value = target.get(name);
                if (value.isTextual() && !value.asText().isEmpty()) {
                    String s = value.asText();
                    int at = random.nextInt(s.length());
                    target.put(name, s.substring(0, at) + pick(random, ODD_STRINGS) + s.substring(at));
                } else {
                    target.putNull(name);
                }
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (depth > 3 ? random.nextInt(5) : random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(30)));
            case 3 -> NODES.textNode(pick(random, ODD_STRINGS));
            case 4 -> NODES.numberNode(random.nextLong());
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set("k" + random.nextInt(10), randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static byte[] mutateBytes(byte[] bytes, Random random) {
        byte[] out = bytes.clone();
        switch (random.nextInt(4)) {
            case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                int from = random.nextInt(out.length);
                int to = Math.min(out.length, from + 1 + random.nextInt(20));
                byte[] slice = java.util.Arrays.copyOfRange(out, from, to);
                byte[] longer = new byte[out.length + slice.length];
                System.arraycopy(out, 0, longer, 0, to);
                System.arraycopy(slice, 0, longer, to, slice.length);
                System.arraycopy(out, to, longer, to + slice.length, out.length - to);
                out = longer;
            }
            default -> {
                for (int i = 0; i < 5; i++) {
                    out[random.nextInt(out.length)] = (byte) (0x80 | random.nextInt(0x80));
                }
            }
        }
        return out;
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                collectObjects(it.next(), into);
            }
        }
    }

    /** Header values as HTTP carries them: printable Latin-1, no line breaks. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '_');
        }
        return out.toString();
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
