package dev.camelredis.streams;

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A password set in any supported way (userinfo of redisUri, percent-encoded userinfo, the password option, a component
 * property) appears in no log line, exception message, JMX attribute, health check result, dev console output or
 * endpoint URI as Camel shows it (the endpoint dev console, route listings); neither does a wrong password.
 */
class SecretsTest extends RedisStreamsTestSupport {

    private static final String URI_PASSWORD = "UriPw-51c2";
    /** Characters a URI must encode: the userinfo carries it percent-encoded. */
    private static final String ENCODED_PASSWORD = "Enc@Pw/#?-7d0e";
    private static final String OPTION_PASSWORD = "OptPw-a93b";
    private static final String COMPONENT_PASSWORD = "PropS3cret-e4f1";
    private static final String WRONG_PASSWORD = "WrongPw-0c7d";

    @RegisterExtension
    static final RedisServerExtension ACL_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults());

    @Override
    protected RedisTestServer server() {
        return ACL_REDIS.server();
    }

    @Test
    void noPasswordIsShownAnywhere() throws Exception {
        for (String[] user : new String[][] {
                { "uriuser", URI_PASSWORD }, { "encuser", ENCODED_PASSWORD }, { "optuser", OPTION_PASSWORD },
                { "appuser", COMPONENT_PASSWORD } }) {
            redis.sendCommand(Protocol.Command.ACL, "SETUSER", user[0], "on", ">" + user[1], "~*", "&*", "+@all");
        }
        String hostPort = "localhost:" + server().port();
        String key = uniqueKey("secrets");
        Map<String, String> endpoints = new HashMap<>();
        endpoints.put("uri", "redis-streams:" + key + "?redisUri=RAW(redis://uriuser:" + URI_PASSWORD + "@" + hostPort + ")");
        endpoints.put("encoded", "redis-streams:" + key + "?redisUri=RAW(redis://encuser:"
                                 + URLEncoder.encode(ENCODED_PASSWORD, StandardCharsets.UTF_8) + "@" + hostPort + ")");
        endpoints.put("option", "redis-streams:" + key + "?redisUri=redis://" + hostPort + "&username=optuser&password=RAW("
                                + OPTION_PASSWORD + ")");
        endpoints.put("component", "redis-streams:" + key);

        CamelContext context = newContext();
        context.setManagementName("secrets-" + key.replace(':', '-'));
        HealthChecks.enableConsumerChecks(context);
        RedisStreamsComponent component = context.getComponent("redis-streams", RedisStreamsComponent.class);
        // as camel-main binds camel.component.redis-streams.redisUri
        PropertyBindingSupport.build().withConfigurer(component.getComponentPropertyConfigurer()).bind(context, component,
                new HashMap<>(Map.of("redisUri", "redis://appuser:" + COMPONENT_PASSWORD + "@" + hostPort)));
        Set<String> received = ConcurrentHashMap.newKeySet();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                endpoints.forEach((way, uri) -> from(uri + (uri.contains("?") ? "&" : "?") + "group=" + way + "&startId=0")
                        .routeId(way).process(e -> received.add(way + ":" + e.getMessage().getBody(String.class))));
                from("redis-streams:" + key + "?group=wrong&redisUri=RAW(redis://uriuser:" + WRONG_PASSWORD + "@" + hostPort
                     + ")").routeId("wrong").to("log:never");
            }
        });
        context.start();

        List<String> shown = new ArrayList<>();
        endpoints.forEach((way, uri) -> context.createProducerTemplate().sendBody(uri, "from " + way));
        await("each way consumed each entry", Duration.ofSeconds(20), () -> received.size() == 16);
        shown.add(assertThrows(Exception.class, () -> context.createProducerTemplate().sendBody(
                "redis-streams:" + key + "?redisUri=RAW(redis://uriuser:" + WRONG_PASSWORD + "@" + hostPort + ")", "x"))
                .toString());
        for (Endpoint endpoint : context.getEndpoints()) {
            shown.add(endpoint.toString());
            shown.add(URISupport.sanitizeUri(endpoint.getEndpointUri()));
        }
        await("the wrong password's consumer is DOWN", Duration.ofSeconds(10), () -> HealthCheckHelper.invoke(context).stream()
                .anyMatch(r -> r.getCheck().getId().equals("consumer:wrong") && r.getMessage().isPresent()));
        HealthCheckHelper.invoke(context).forEach(result -> {
            shown.add(result.getMessage().orElse(""));
            shown.add(String.valueOf(result.getDetails()));
            result.getError().ifPresent(error -> shown.add(error.toString()));
        });
        for (String console : List.of("redis-streams", "endpoint", "route", "health")) {
            DevConsole devConsole = PluginHelper.getDevConsoleResolver(context).resolveDevConsole(console);
            if (devConsole != null) {
                shown.add(String.valueOf(devConsole.call(DevConsole.MediaType.TEXT, Map.of())));
                shown.add(String.valueOf(devConsole.call(DevConsole.MediaType.JSON, Map.of())));
            }
        }
        shown.addAll(jmxAttributes(context));
        context.stop();
        shown.add(Files.readString(Path.of("target/test.log")));

        String all = String.join("\n", shown);
        String encoded = URLEncoder.encode(ENCODED_PASSWORD, StandardCharsets.UTF_8);
        // Camel normalizes an endpoint URI by encoding it once more: Enc%2540Pw...
        for (String secret : List.of(URI_PASSWORD, ENCODED_PASSWORD, encoded, URLEncoder.encode(encoded, StandardCharsets.UTF_8),
                OPTION_PASSWORD, COMPONENT_PASSWORD, WRONG_PASSWORD)) {
            int at = all.indexOf(secret);
            assertFalse(at >= 0, secret + " is shown: ..." + (at < 0 ? "" : all.substring(Math.max(0, at - 300),
                    Math.min(all.length(), at + 100))));
        }
        assertTrue(all.contains("redis://uriuser:xxxxxx@localhost"), "the masked URI is shown instead");
    }

    @Test
    void anEndpointShowsItsUriMaskedAndIsStillFoundAndComparedByTheUriAsWritten() {
        CamelContext context = newContext();
        String first = "redis-streams:masked?password=RAW(" + OPTION_PASSWORD + ")";
        Endpoint endpoint = context.getEndpoint(first);
        Endpoint other = context.getEndpoint("redis-streams:masked?password=RAW(" + WRONG_PASSWORD + ")");

        assertEquals("redis-streams://masked?password=xxxxxx", endpoint.getEndpointUri());
        assertEquals(endpoint.getEndpointUri(), other.getEndpointUri());
        assertNotEquals(endpoint, other, "two passwords, two endpoints");
        assertSame(endpoint, context.getEndpoint(first));
        assertEquals(2, context.getEndpoints().size());
    }

    @Test
    void camelMainsSummaryOfConfiguredPropertiesMasksRedisUri() {
        CamelContext context = newContext();
        // what camel-main asks before it logs camel.component.redis-streams.redisUri = ...
        assertTrue(CamelContextHelper.containsSensitive(context, "camel.component.redis-streams.redisUri"));
        assertTrue(CamelContextHelper.containsSensitive(context, "camel.component.redis-streams.password"));
        assertTrue(CamelContextHelper.containsSensitive(context, "camel.component.redis-streams.username"));
        assertFalse(CamelContextHelper.containsSensitive(context, "camel.component.redis-streams.group"));
    }

    /** Every readable attribute of every MBean of the context. */
    private static List<String> jmxAttributes(CamelContext context) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> values = new ArrayList<>();
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:context=" + context.getManagementName()
                                                                + ",*"), null)) {
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                try {
                    values.add(name + " " + attribute.getName() + "=" + server.getAttribute(name, attribute.getName()));
                } catch (Exception | LinkageError e) {
                    // attributes that cannot be read show nothing
                }
            }
        }
        assertTrue(values.size() > 50, "JMX is on: " + values.size() + " attributes");
        return values;
    }
}
