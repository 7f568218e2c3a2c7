package dev.camelredis.streams;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;

/**
 * A consumer exception handler that keeps what it was given, for tests to assert on.
 */
final class RecordingExceptionHandler implements ExceptionHandler {

    final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @Override
    public void handleException(Throwable exception) {
        reported.add(exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        reported.add(exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        reported.add(exception);
    }
}
