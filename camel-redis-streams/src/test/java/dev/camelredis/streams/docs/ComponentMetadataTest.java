package dev.camelredis.streams.docs;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsOperation;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component model that the Camel package plugin generates (redis-streams.json) is what tooling, the catalog and
 * our reference docs show to users: every option and header is described, and the options of the component's contract
 * are there with their defaults.
 */
class ComponentMetadataTest {

    private static final String[] CONSUMER_HEADERS = {
            "CamelRedisStreamsStreamKey", "CamelRedisStreamsTimestamp", "CamelRedisStreamsFields",
            "CamelRedisStreamsDeliveryCount", "CamelRedisStreamsAcknowledgement" };
    private static final String[] SHARED_HEADERS = {
            "CamelRedisStreamsMessageId", "CamelRedisStreamsGroup", "CamelRedisStreamsConsumerName" };
    /** The arguments of the producer's operations, with their Java types. */
    private static final Map<String, String> OPERATION_HEADERS = Map.of(
            "CamelRedisStreamsOperation", "dev.camelredis.streams.RedisStreamsOperation",
            "CamelRedisStreamsStart", "String",
            "CamelRedisStreamsEnd", "String",
            "CamelRedisStreamsCount", "Integer",
            "CamelRedisStreamsMinIdleTime", "long",
            "CamelRedisStreamsIds", "java.util.List<String>",
            "CamelRedisStreamsMaxLen", "long",
            "CamelRedisStreamsMinId", "String",
            "CamelRedisStreamsStartId", "String",
            "CamelRedisStreamsMkStream", "boolean");

    private static JsonObject model;
    private static JsonObject endpointOptions;
    private static JsonObject componentOptions;
    private static JsonObject headers;

    @BeforeAll
    static void loadModel() throws Exception {
        model = ReferenceDocs.loadModel();
        endpointOptions = model.getJsonObject("properties");
        componentOptions = model.getJsonObject("componentProperties");
        headers = model.getJsonObject("headers");
        assertNotNull(endpointOptions, "the model has no endpoint properties");
        assertNotNull(componentOptions, "the model has no component properties");
        assertNotNull(headers, "the model has no headers: is headersClass set on @UriEndpoint?");
    }

    @Test
    void componentIsDescribed() {
        JsonObject component = model.getJsonObject("component");
        assertEquals("redis-streams", component.getString("scheme"));
        assertEquals("redis-streams:streamKey", component.getString("syntax"));
        assertEquals("dev.camelredis", component.getString("groupId"));
        assertEquals("camel-redis-streams", component.getString("artifactId"));
        assertFalse(component.getBoolean("consumerOnly"), "consumerOnly");
        assertFalse(component.getBoolean("producerOnly"), "producerOnly");
        assertNotBlank(component.getString("title"), "component title");
        assertNotBlank(component.getString("description"), "component description");
    }

    @Test
    void everyOptionAndHeaderHasADescription() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed("component option", componentOptions, undescribed);
        collectUndescribed("endpoint option", endpointOptions, undescribed);
        collectUndescribed("header", headers, undescribed);
        assertTrue(undescribed.isEmpty(),
                "without a description (add javadoc to the setter, or description to @Metadata/@UriPath): " + undescribed);
    }

    @Test
    void streamKeyIsTheRequiredPathParameter() {
        JsonObject streamKey = endpointOptions.getJsonObject("streamKey");
        assertNotNull(streamKey, "path parameter streamKey");
        assertEquals("path", streamKey.getString("kind"));
        assertTrue(streamKey.getBoolean("required"), "streamKey is required");
    }

    @Test
    void consumerOptionsOfTheContract() {
        for (JsonObject options : bothLevels()) {
            // group, consumerName and startId serve the producer's group operations too
            JsonObject group = option(options, "group", "string", null, "common");
            assertFalse(group.getBoolean("required"), "group is only required for consumers: producers do without it");
            assertTrue(group.getString("description").toLowerCase().contains("required for consumers"),
                    "the description of group says it is required for consumers");
            option(options, "consumerName", "string", null, "common");
            option(options, "concurrentConsumers", "integer", "1", "consumer");
            option(options, "createGroup", "boolean", "true", "consumer");
            option(options, "startId", "string", "$", "common");
            option(options, "maxMessagesPerPoll", "integer", "10", "consumer");
            option(options, "blockTimeout", "duration", "1000", "consumer");
            JsonObject ackMode = option(options, "ackMode", "enum", "AUTO", "consumer");
            assertEquals(List.of("AUTO", "MANUAL", "NONE"), ackMode.getCollection("enum"), "ackMode values");
        }
    }

    @Test
    void connectionOptionsOfTheContract() {
        for (JsonObject options : bothLevels()) {
            option(options, "redisUri", "string", "redis://localhost:6379", null);
            option(options, "username", "string", null, "security");
            JsonObject password = option(options, "password", "string", null, "security");
            assertTrue(password.getBoolean("secret"), "password is secret");
            option(options, "database", "integer", null, null);
            JsonObject ssl = option(options, "sslContextParameters", "object", null, "security");
            assertEquals("org.apache.camel.support.jsse.SSLContextParameters", ssl.getString("javaType"));
            option(options, "connectionTimeout", "duration", "2000", null);
            option(options, "socketTimeout", "duration", "2000", null);
            JsonObject redisClient = option(options, "redisClient", "object", null, null);
            assertTrue(redisClient.getBoolean("autowired"), "redisClient is autowired");
            assertEquals("redis.clients.jedis.UnifiedJedis", redisClient.getString("javaType"));
        }
    }

    @Test
    void producerOptionsOfTheContract() {
        for (JsonObject options : bothLevels()) {
            option(options, "payloadField", "string", "payload", null);
            option(options, "maxLen", "integer", "0", "producer");
            option(options, "approximateTrimming", "boolean", "true", "producer");
            option(options, "maxAge", "duration", "0", "producer");
            JsonObject noMkStream = option(options, "noMkStream", "boolean", null, "producer");
            Object noMkStreamDefault = noMkStream.get("defaultValue");
            assertTrue(noMkStreamDefault == null || "false".equals(String.valueOf(noMkStreamDefault)),
                    "noMkStream is off unless asked for, but the model says " + noMkStreamDefault);
        }
    }

    @Test
    void operationOptionsOfTheContract() {
        for (JsonObject options : bothLevels()) {
            JsonObject operation = option(options, "operation", "enum", "XADD", "producer");
            assertEquals(Arrays.stream(RedisStreamsOperation.values()).map(Enum::name).toList(),
                    operation.getCollection("enum"), "operation values");
            assertEquals("dev.camelredis.streams.RedisStreamsOperation", operation.getString("javaType"));
            JsonObject force = option(options, "force", "boolean", null, "producer");
            assertEquals("false", String.valueOf(force.get("defaultValue")), "force is off unless asked for");
        }
    }

    @Test
    void reliabilityOptionsOfTheContract() {
        for (JsonObject options : bothLevels()) {
            option(options, "claimMinIdleTime", "duration", "60000", "consumer");
            option(options, "claimInterval", "duration", "5000", "consumer");
            option(options, "claimCount", "integer", "100", "consumer");
            option(options, "maxDeliveries", "integer", "0", "consumer");
            option(options, "deadLetterStream", "string", null, "consumer");
            option(options, "renewInFlight", "boolean", "true", "consumer");
            option(options, "reconnectDelay", "duration", "100", "consumer");
            option(options, "reconnectMaxDelay", "duration", "30000", "consumer");
        }
    }

    @Test
    void scalingOptionsOfTheContract() {
        for (JsonObject options : bothLevels()) {
            option(options, "clusterNodes", "string", null, null);
            option(options, "sentinelMaster", "string", null, null);
            option(options, "sentinelNodes", "string", null, null);
            option(options, "shards", "integer", "1", null);
            option(options, "shardOwnership", "boolean", null, "consumer");
            option(options, "shardLeaseTime", "duration", "10000", "consumer");
        }
        assertNotBlank(header("CamelRedisStreamsPartitionKey").getString("description"), "partition key header");
    }

    @Test
    void headersOfTheContract() {
        for (String name : SHARED_HEADERS) {
            JsonObject header = header(name);
            assertFalse(String.valueOf(header.getString("label")).contains("consumer"),
                    name + " is used by the producer too, so it must not be labelled consumer only");
        }
        for (String name : CONSUMER_HEADERS) {
            JsonObject header = header(name);
            assertTrue(String.valueOf(header.getString("label")).contains("consumer"), name + " is a consumer header");
        }
        assertEquals("dev.camelredis.streams.RedisStreamsAcknowledgement",
                header("CamelRedisStreamsAcknowledgement").getString("javaType"));
        for (Map.Entry<String, String> expected : OPERATION_HEADERS.entrySet()) {
            JsonObject header = header(expected.getKey());
            assertEquals("producer", header.getString("label"), expected.getKey() + " is a producer header");
            assertEquals(expected.getValue(), header.getString("javaType"), expected.getKey() + " javaType");
        }
    }

    /**
     * The defaults in the model come from the annotations; the real ones from the field initializers. They must agree,
     * or the docs promise what the code does not do.
     */
    @Test
    void defaultsInTheModelMatchTheConfigurationClass() throws Exception {
        RedisStreamsConfiguration configuration = new RedisStreamsConfiguration();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Object> entry : endpointOptions.entrySet()) {
            JsonObject option = (JsonObject) entry.getValue();
            if (!RedisStreamsConfiguration.class.getName().equals(option.getString("configurationClass"))) {
                continue;
            }
            Object actual = getter(entry.getKey()).invoke(configuration);
            Object documented = option.get("defaultValue");
            if (documented == null) {
                if (!(actual == null || Boolean.FALSE.equals(actual) || Long.valueOf(0).equals(toLong(actual)))) {
                    mismatches.add(entry.getKey() + ": no default in the model, but the code has " + actual);
                }
                continue;
            }
            String expected = "duration".equals(option.getString("type"))
                    ? String.valueOf(TimeUtils.toMilliSeconds(String.valueOf(documented)))
                    : String.valueOf(documented);
            String code = actual instanceof Enum<?> e ? e.name() : String.valueOf(actual);
            if (!expected.equals(code)) {
                mismatches.add(entry.getKey() + ": the model says " + documented + ", the code has " + code);
            }
        }
        assertTrue(mismatches.isEmpty(), "defaults differ between @UriParam and RedisStreamsConfiguration: " + mismatches);
    }

    private static List<JsonObject> bothLevels() {
        return List.of(endpointOptions, componentOptions);
    }

    private static JsonObject option(
            JsonObject options, String name, String type, String defaultValue, String labelPart) {
        String where = (options == endpointOptions ? "endpoint" : "component") + " option " + name;
        JsonObject option = options.getJsonObject(name);
        assertNotNull(option, where + " is missing");
        assertEquals(type, option.getString("type"), where + " type");
        if (defaultValue == null) {
            if (!"boolean".equals(type)) {
                assertNull(option.get("defaultValue"), where + " has no default");
            }
        } else {
            assertEquals(defaultValue, String.valueOf(option.get("defaultValue")), where + " default");
        }
        if (labelPart != null) {
            assertTrue(String.valueOf(option.getString("label")).contains(labelPart),
                    where + " is labelled " + labelPart + " but has label '" + option.getString("label") + "'");
        }
        assertNotBlank(option.getString("description"), where + " description");
        return option;
    }

    private static JsonObject header(String name) {
        JsonObject header = headers.getJsonObject(name);
        assertNotNull(header, "header " + name + " is missing");
        assertNotBlank(header.getString("description"), "header " + name + " description");
        assertNotBlank(header.getString("javaType"), "header " + name + " javaType");
        return header;
    }

    private static void collectUndescribed(String what, JsonObject options, List<String> undescribed) {
        for (Map.Entry<String, Object> entry : options.entrySet()) {
            String description = ((JsonObject) entry.getValue()).getString("description");
            if (description == null || description.isBlank()) {
                undescribed.add(what + " " + entry.getKey());
            }
        }
    }

    private static Method getter(String option) throws NoSuchMethodException {
        String suffix = Character.toUpperCase(option.charAt(0)) + option.substring(1);
        try {
            return RedisStreamsConfiguration.class.getMethod("get" + suffix);
        } catch (NoSuchMethodException e) {
            return RedisStreamsConfiguration.class.getMethod("is" + suffix);
        }
    }

    private static Long toLong(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static void assertNotBlank(String text, String what) {
        assertTrue(text != null && !text.isBlank(), what + " is blank");
    }
}
