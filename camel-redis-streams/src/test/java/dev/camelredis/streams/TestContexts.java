package dev.camelredis.streams;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The Camel contexts of one test: created with a short shutdown timeout, stopped after the test in reverse order of
 * creation (consumers before the producers they depend on).
 */
final class TestContexts {

    /** The registry name under which {@link #create(RecordingExceptionHandler)} binds the handler. */
    static final String HANDLER = "rec";

    private final List<CamelContext> contexts = new ArrayList<>();

    /** A new, not yet started context. */
    CamelContext create() {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        contexts.add(context);
        return context;
    }

    /** A new context with {@code handler}, when not null, bound as {@code #rec} for exceptionHandler=#rec. */
    CamelContext create(RecordingExceptionHandler handler) {
        CamelContext context = create();
        if (handler != null) {
            context.getRegistry().bind(HANDLER, handler);
        }
        return context;
    }

    /** A started context with {@code handler} bound as {@code #rec} (when not null) and the routes added. */
    CamelContext start(RecordingExceptionHandler handler, RouteBuilder... routes) throws Exception {
        CamelContext context = create(handler);
        for (RouteBuilder route : routes) {
            context.addRoutes(route);
        }
        context.start();
        return context;
    }

    void stopAll() {
        List<CamelContext> reversed = new ArrayList<>(contexts);
        Collections.reverse(reversed);
        reversed.forEach(CamelContext::stop);
        contexts.clear();
    }
}
