package dev.camelredis.testservice;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The resource of a JUnit extension that belongs to one test class: started by the class's {@code beforeAll} and
 * closed by its {@code afterAll}. {@code @Nested} classes run their own {@code beforeAll} and {@code afterAll} with
 * the same extension instance: they share the resource, and only the class that came first closes it.
 */
final class ClassScopedResource<T> {

    private final Supplier<T> start;
    private final Consumer<T> close;
    private T resource;
    /** The context whose beforeAll came first. */
    private String ownerContextId;

    ClassScopedResource(Supplier<T> start, Consumer<T> close) {
        this.start = start;
        this.close = close;
    }

    synchronized void beforeAll(ExtensionContext context) {
        if (ownerContextId == null) {
            ownerContextId = context.getUniqueId();
        }
        get();
    }

    synchronized void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(ownerContextId)) {
            ownerContextId = null;
            if (resource != null) {
                T closing = resource;
                resource = null;
                close.accept(closing);
            }
        }
    }

    /**
     * The resource, started if need be: {@code beforeAll} starts it, but a test instance created before that (with
     * {@code @TestInstance(PER_CLASS)}) may ask for it earlier.
     */
    synchronized T get() {
        if (resource == null) {
            resource = start.get();
        }
        return resource;
    }
}
