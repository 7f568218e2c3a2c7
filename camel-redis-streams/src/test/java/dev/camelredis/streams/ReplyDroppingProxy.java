package dev.camelredis.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of the test Redis that can lose the reply of one command the way a network failure does: Redis
 * receives and executes the command, its reply never reaches the client, and the connection then breaks. That is the
 * one fault a client cannot tell from a command that was never executed.
 */
final class ReplyDroppingProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** The command whose next reply is to be lost, upper case; null when none. */
    private final AtomicReference<String> armed = new AtomicReference<>();
    private final List<String> droppedReplies = new CopyOnWriteArrayList<>();

    ReplyDroppingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "reply-dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The Redis URI as written, with the host and port of this proxy instead. */
    String redisUri(String targetUri) {
        URI uri = URI.create(targetUri);
        String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + userInfo + "127.0.0.1:" + listener.getLocalPort() + path;
    }

    /** The next command of this name that a client sends is executed, and its reply is lost with its connection. */
    void loseNextReplyTo(String command) {
        armed.set(command.toUpperCase());
    }

    /** Whether the armed command was sent, so that its reply will be lost. */
    boolean armedCommandSent() {
        return armed.get() == null;
    }

    /** The replies lost so far (their first bytes, as Latin-1 text). */
    List<String> droppedReplies() {
        return List.copyOf(droppedReplies);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                AtomicBoolean doomed = new AtomicBoolean();
                pump(client, server, doomed, true);
                pump(server, client, doomed, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean doomed, boolean toRedis) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (toRedis) {
                        String command = armed.get();
                        // doomed before Redis can answer: the reply to this command is the one lost
                        if (command != null && contains(buffer, n, command) && armed.compareAndSet(command, null)) {
                            doomed.set(true);
                        }
                    } else if (doomed.get()) {
                        droppedReplies.add(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other so the client sees its connection break
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "reply-dropping-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, String text) {
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1).toUpperCase().contains(text);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ReplyDroppingProxy::closeQuietly);
    }
}
