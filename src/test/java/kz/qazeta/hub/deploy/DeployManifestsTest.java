package kz.qazeta.hub.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator checks before applying deploy/kubernetes: that every variable the manifests set is one the hub
 * reads (a misspelt name would be ignored silently), that every value the production profile requires is
 * provided, that the probes answer on the hub's real port and paths, and that the cluster keeps instances and the
 * Lease permissions through a drain. Most checks read the files only; the probes are asked of a running hub.
 */
class DeployManifestsTest extends HubTestSupport {

    private static final Path MANIFESTS = Path.of("deploy/kubernetes");
    private static final HubConfiguration HUB = HubConfiguration.read(Path.of("src/main/resources"));

    // --- the environment: every name used, every requirement met ------------------------------------------------

    @Test
    void everyVariableTheManifestsSetIsOneTheHubReads() {
        Set<String> unknown = new TreeSet<>(variablesSet());
        unknown.removeIf(HUB::reads);
        assertThat(unknown).as("set in deploy/kubernetes, read by no placeholder or property of the hub").isEmpty();
    }

    @Test
    void theCheckTellsAMisspeltVariableFromARealOne() {
        assertThat(HUB.reads("QAZETA_DB_URL")).as("a placeholder").isTrue();
        // Spring Boot maps a dash to nothing or to "_": both reach qazeta.data-dir
        assertThat(HUB.reads("QAZETA_DATADIR")).as("qazeta.data-dir, relaxed").isTrue();
        assertThat(HUB.reads("QAZETA_DATA_DIR")).as("qazeta.data-dir, relaxed").isTrue();
        assertThat(HUB.reads("QAZETA_CLUSTER_KUBERNETES_POD_NAME")).as("a cluster property").isTrue();
        assertThat(HUB.reads("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT")).as("a spring key of the hub's").isTrue();

        assertThat(HUB.reads("QAZETA_DB_ULR")).as("misspelt placeholder").isFalse();
        assertThat(HUB.reads("QAZETA_DATADIRECTORY")).as("no such property").isFalse();
        assertThat(HUB.reads("QAZETA_CLUSTER_KUBERNETES_POD")).as("half a cluster property").isFalse();
        assertThat(HUB.reads("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as("Spring knows it, the hub does not use it").isFalse();
    }

    @Test
    void everyValueTheProductionProfileRequiresIsProvided() {
        Set<String> required = HUB.requiredByProduction();
        assertThat(required).as("application-production.yaml's placeholders without default")
                .contains("QAZETA_DB_URL", "SPRING_ARTEMIS_PASSWORD", "QAZETA_CONSOLE_OPERATOR_PASSWORD_HASH")
                // and the partners of the service cards (no twins in production)
                .contains("QAZETA_SUNKAR_INSURANCE_URL", "QAZETA_STEPPE_ASSURANCE_URL");
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(variablesSet());
        assertThat(missing).as("required by the production profile, set by no manifest: the hub would not start").isEmpty();
    }

    @Test
    void credentialsAreInTheSecretAndTheExampleHoldsNoRealOne() {
        Map<String, Object> configured = map(manifest("hub-configmap.yaml", "ConfigMap").get("data"));
        assertThat(configured.keySet()).as("credentials belong in the Secret")
                .noneMatch(name -> name.matches(".*(PASSWORD|SECRET|_KEY|_HASH|_USER).*"));
        Map<String, Object> example = map(manifest("hub-secret.example.yaml", "Secret").get("stringData"));
        assertThat(example.values()).as("placeholders only in git").containsOnly("change-me");
    }

    @Test
    void thePodKnowsItselfFromTheDownwardApiAndRunsTheProductionProfile() {
        assertThat(fieldRef("QAZETA_CLUSTER_KUBERNETES_POD_NAME")).isEqualTo("metadata.name");
        assertThat(fieldRef("QAZETA_CLUSTER_KUBERNETES_NAMESPACE")).isEqualTo("metadata.namespace");
        assertThat(envValue("SPRING_PROFILES_ACTIVE")).isEqualTo("production");
        assertThat(map(manifest("hub-configmap.yaml", "ConfigMap").get("data"))).containsEntry("QAZETA_CLUSTER_SERVICE", "kubernetes");
    }

    @Test
    void theDataDirectoryIsAMountedVolume() {
        Object dataDir = map(manifest("hub-configmap.yaml", "ConfigMap").get("data")).get("QAZETA_DATA_DIR");
        assertThat(list(container().get("volumeMounts"))).extracting(mount -> map(mount).get("mountPath")).contains(dataDir);
    }

    // --- ports and probes ---------------------------------------------------------------------------------------

    @Test
    void theContainerPortIsTheHubsAndTheServiceAndProbesNameIt() {
        Map<String, Object> http = containerPort("http");
        assertThat(http.get("containerPort")).as("server.port under the production profile")
                .isEqualTo(HUB.productionValue("server.port").orElse(8080));
        assertThat(variablesSet()).as("nothing moves the port away from the manifest's").doesNotContain("SERVER_PORT");

        Map<String, Object> service = manifest("hub-service.yaml", "Service");
        assertThat(list(map(service.get("spec")).get("ports"))).extracting(port -> map(port).get("targetPort"))
                .containsOnly("http");
        assertSelectsTheHubsPods(service);
        Stream.of("startupProbe", "livenessProbe", "readinessProbe")
                .forEach(probe -> assertThat(httpGet(probe).get("port")).as(probe).isEqualTo("http"));
    }

    @Test
    void theProbesAreTheActuatorsAndAnswerUpOnARunningHub() {
        assertThat(httpGet("readinessProbe").get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(httpGet("livenessProbe").get("path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = (String) httpGet(probe).get("path");
            // as the kubelet asks: no credentials, and the hub may still be settling right after its start
            var answer = await().atMost(Duration.ofSeconds(30)).until(() -> get(path, Map.of()), r -> r.statusCode() == 200);
            assertThat(json(answer).path("status").asText()).as(probe + " " + path).isEqualTo("UP");
        }
    }

    // --- instances through a drain, and the election --------------------------------------------------------------

    @Test
    void aDrainNeverTakesTheLastInstancesAndARollOutNeverLowersThem() {
        Map<String, Object> deployment = map(manifest("hub-deployment.yaml", "Deployment").get("spec"));
        int replicas = (Integer) deployment.get("replicas");
        Map<String, Object> budget = manifest("hub-pdb.yaml", "PodDisruptionBudget");
        int minAvailable = (Integer) map(budget.get("spec")).get("minAvailable");

        assertThat(replicas).as("replicas").isGreaterThanOrEqualTo(2);
        assertThat(minAvailable).as("PDB minAvailable: at least one, and a drain can still move one").isBetween(1, replicas - 1);
        assertSelectsTheHubsPods(budget);
        assertThat(map(map(deployment.get("strategy")).get("rollingUpdate")).get("maxUnavailable")).isEqualTo(0);
    }

    @Test
    void theGracePeriodOutlastsTheHubsGracefulShutdown() {
        Map<String, Object> pod = podSpec();
        int preStopSeconds = Integer.parseInt(String.valueOf(
                list(map(map(map(container().get("lifecycle")).get("preStop")).get("exec")).get("command")).get(1)));
        // server.shutdown: graceful waits up to spring.lifecycle.timeout-per-shutdown-phase (Boot's default 30 s)
        Duration springShutdown = Duration.parse("PT" + HUB.productionValue("spring.lifecycle.timeout-per-shutdown-phase")
                .orElse("30s").toString().toUpperCase());
        assertThat(HUB.productionValue("server.shutdown")).contains("graceful");
        assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
                .isGreaterThan(preStopSeconds + (int) springShutdown.toSeconds());
    }

    @Test
    void theServiceAccountMayHoldTheLeaseAndListTheMembers() {
        assertThat(podSpec().get("serviceAccountName")).isEqualTo("qazeta-hub");
        List<Map<String, Object>> rbac = documents("hub-rbac.yaml");
        assertThat(rbac).as("ServiceAccount qazeta-hub").anyMatch(doc -> "ServiceAccount".equals(doc.get("kind"))
                && "qazeta-hub".equals(map(doc.get("metadata")).get("name")));

        Map<String, Object> role = manifest("hub-rbac.yaml", "Role");
        assertThat(grantedVerbs(role, "coordination.k8s.io", "leases")).contains("get", "create", "update", "patch");
        assertThat(grantedVerbs(role, "", "pods")).contains("get", "list", "watch");

        Map<String, Object> binding = manifest("hub-rbac.yaml", "RoleBinding");
        assertThat(map(binding.get("roleRef")).get("name")).isEqualTo(map(role.get("metadata")).get("name"));
        assertThat(list(binding.get("subjects"))).anySatisfy(subject -> assertThat(map(subject))
                .containsEntry("kind", "ServiceAccount").containsEntry("name", "qazeta-hub"));
        // Camel's Kubernetes cluster service counts the members by this label (kz.qazeta.hub.cluster)
        assertThat(podLabels()).containsEntry("app", "qazeta-hub");
    }

    @Test
    void kustomizeAppliesEveryManifestButTheSecretExample() throws IOException {
        List<Object> listed = list(documents("kustomization.yaml").get(0).get("resources"));
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            List<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals("kustomization.yaml")).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(
                    manifests.stream().filter(name -> !name.endsWith(".example.yaml")).toList());
        }
    }

    // --- reading the manifests ----------------------------------------------------------------------------------

    /** Every environment variable a hub container gets: its own env, the ConfigMap's and the Secret's keys. */
    private static Set<String> variablesSet() {
        Set<String> names = new TreeSet<>();
        list(container().get("env")).forEach(variable -> names.add((String) map(variable).get("name")));
        names.addAll(map(manifest("hub-configmap.yaml", "ConfigMap").get("data")).keySet());
        names.addAll(map(manifest("hub-secret.example.yaml", "Secret").get("stringData")).keySet());
        return names;
    }

    private static Map<String, Object> env(String name) {
        return list(container().get("env")).stream().map(DeployManifestsTest::map)
                .filter(variable -> name.equals(variable.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in hub-deployment.yaml"));
    }

    private static Object envValue(String name) {
        return env(name).get("value");
    }

    private static Object fieldRef(String name) {
        return map(map(env(name).get("valueFrom")).get("fieldRef")).get("fieldPath");
    }

    private static Map<String, Object> podSpec() {
        Map<String, Object> template = map(map(manifest("hub-deployment.yaml", "Deployment").get("spec")).get("template"));
        return map(template.get("spec"));
    }

    private static Map<String, Object> podLabels() {
        Map<String, Object> template = map(map(manifest("hub-deployment.yaml", "Deployment").get("spec")).get("template"));
        return map(map(template.get("metadata")).get("labels"));
    }

    /** A Service's selector or a budget's matchLabels must pick out the hub's pods, by labels they carry. */
    private static void assertSelectsTheHubsPods(Map<String, Object> selecting) {
        Map<String, Object> selector = map(map(selecting.get("spec")).get("selector"));
        Map<String, Object> wanted = selector.containsKey("matchLabels") ? map(selector.get("matchLabels")) : selector;
        assertThat(wanted).as(selecting.get("kind") + " selector").isNotEmpty();
        assertThat(podLabels()).as("the hub's pod labels").containsAllEntriesOf(wanted);
    }

    private static Map<String, Object> container() {
        return list(podSpec().get("containers")).stream().map(DeployManifestsTest::map)
                .filter(c -> "hub".equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container named hub in hub-deployment.yaml"));
    }

    private static Map<String, Object> containerPort(String name) {
        return list(container().get("ports")).stream().map(DeployManifestsTest::map)
                .filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static Map<String, Object> httpGet(String probe) {
        return map(map(container().get(probe)).get("httpGet"));
    }

    private static List<Object> grantedVerbs(Map<String, Object> role, String apiGroup, String resource) {
        List<Object> verbs = new ArrayList<>();
        list(role.get("rules")).stream().map(DeployManifestsTest::map)
                .filter(rule -> list(rule.get("apiGroups")).contains(apiGroup) && list(rule.get("resources")).contains(resource))
                .forEach(rule -> verbs.addAll(list(rule.get("verbs"))));
        return verbs;
    }

    /** The one document of this kind in a manifest file. */
    private static Map<String, Object> manifest(String file, String kind) {
        List<Map<String, Object>> ofKind = documents(file).stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
        assertThat(ofKind).as(kind + " in " + file).hasSize(1);
        return ofKind.get(0);
    }

    private static List<Map<String, Object>> documents(String file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(MANIFESTS.resolve(file))) {
            new Yaml().loadAll(reader).forEach(doc -> {
                if (doc != null) {
                    documents.add(map(doc));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).as("a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).as("a list").isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
