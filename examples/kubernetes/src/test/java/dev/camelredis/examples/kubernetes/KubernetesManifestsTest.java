package dev.camelredis.examples.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelredis.examples.orders.OrderConsumerApplication;
import dev.camelredis.examples.orders.OrderRoutes;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests parse, and they fit the application they deploy: the stream and group KEDA watches are those the
 * consumer reads, the consumer is named after its pod, and Kubernetes waits longer than Camel's shutdown.
 */
class KubernetesManifestsTest {

    @Test
    void deploymentRunsOneNamedConsumerPerPod() throws IOException {
        Map<String, Object> deployment = single(load("deployment.yaml"));
        assertEquals("apps/v1", deployment.get("apiVersion"));
        assertEquals("Deployment", deployment.get("kind"));
        assertEquals("order-processing", name(deployment));

        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        int gracePeriod = (Integer) pod.get("terminationGracePeriodSeconds");
        assertTrue(gracePeriod > OrderConsumerApplication.SHUTDOWN_TIMEOUT_SECONDS,
                "terminationGracePeriodSeconds " + gracePeriod + " must exceed Camel's shutdown timeout");

        Map<String, Object> container = single(list(pod, "containers"));
        assertEquals(Map.of("fieldRef", Map.of("fieldPath", "metadata.name")), valueFrom(container, "CONSUMER_NAME"));
        assertNotNull(map(valueFrom(container, "REDIS_URL"), "secretKeyRef"), "REDIS_URL comes from a Secret");

        String probe = String.join(" ", this.<String>list(map(map(container, "readinessProbe"), "exec"), "command"));
        assertTrue(probe.contains(OrderConsumerApplication.READY_FILE.toString()), probe);
    }

    @Test
    void kedaScalesTheDeploymentOnTheGroupItConsumes() throws IOException {
        List<Map<String, Object>> documents = load("scaledobject.yaml");
        assertEquals(List.of("TriggerAuthentication", "ScaledObject"),
                documents.stream().map(document -> document.get("kind")).toList());
        documents.forEach(document -> assertEquals("keda.sh/v1alpha1", document.get("apiVersion")));
        Map<String, Object> authentication = documents.get(0);
        Map<String, Object> scaledObject = documents.get(1);

        Map<String, Object> spec = map(scaledObject, "spec");
        assertEquals("order-processing", map(spec, "scaleTargetRef").get("name"));
        assertTrue((Integer) spec.get("minReplicaCount") >= 1, "a live consumer must remain to reclaim entries");
        assertTrue((Integer) spec.get("maxReplicaCount") > (Integer) spec.get("minReplicaCount"));

        List<Map<String, Object>> triggers = list(spec, "triggers");
        List<String> thresholds = new ArrayList<>();
        for (Map<String, Object> trigger : triggers) {
            assertEquals("redis-streams", trigger.get("type"));
            Map<String, Object> metadata = map(trigger, "metadata");
            assertEquals(OrderRoutes.STREAM, metadata.get("stream"));
            assertEquals(OrderRoutes.ANALYTICS, metadata.get("consumerGroup"));
            assertNotNull(metadata.get("address"));
            assertEquals(name(authentication), map(trigger, "authenticationRef").get("name"));
            metadata.keySet().stream().filter(key -> key.endsWith("Count")).forEach(thresholds::add);
        }
        assertEquals(List.of("lagCount", "activationLagCount", "pendingEntriesCount"), thresholds);

        Map<String, Object> password = single(list(map(authentication, "spec"), "secretTargetRef"));
        assertEquals("password", password.get("parameter"));
    }

    private List<Map<String, Object>> load(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " on the test classpath");
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(in)) {
                documents.add(cast(document));
            }
            return documents;
        }
    }

    private static Map<String, Object> valueFrom(Map<String, Object> container, String variable) {
        List<Map<String, Object>> env = list(container, "env");
        return env.stream().filter(entry -> variable.equals(entry.get("name"))).map(entry -> map(entry, "valueFrom"))
                .findFirst().orElseThrow(() -> new AssertionError("no env " + variable + " in " + env));
    }

    private static String name(Map<String, Object> resource) {
        return (String) map(resource, "metadata").get("name");
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, key + " in " + parent);
        return cast(value);
    }

    private static <T> List<T> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, key + " in " + parent);
        return cast(value);
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items::toString);
        return items.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
