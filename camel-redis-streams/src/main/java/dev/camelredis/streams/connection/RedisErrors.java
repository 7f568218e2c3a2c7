package dev.camelredis.streams.connection;

import javax.net.ssl.SSLException;

import dev.camelredis.streams.RedisStreamsException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Turns what Redis or Jedis reports into errors that say which endpoint failed, why, and what to do about it.
 */
public final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * Whether the failure is about reaching Redis (network, restart, timeout) rather than about the command.
     */
    public static boolean isConnectionFailure(Throwable error) {
        return error instanceof JedisConnectionException || hasCause(error, JedisConnectionException.class);
    }

    /**
     * Whether Redis answered that the consumer group (or its stream) does not exist.
     */
    public static boolean isNoGroup(Throwable error) {
        return replyStartsWith(error, "NOGROUP");
    }

    public static boolean isBusyGroup(Throwable error) {
        return replyStartsWith(error, "BUSYGROUP");
    }

    /**
     * @param endpoint the endpoint and server, as safe to log (no password)
     * @param streamKey the key the command was about
     * @param group the consumer group, or null for producers
     */
    public static RedisStreamsException describe(RuntimeException error, String endpoint, String streamKey, String group) {
        if (error instanceof RedisStreamsException described) {
            return described;
        }
        if (error.getSuppressed().length > 0 && error.getSuppressed()[0] instanceof RuntimeException first
                && error.getMessage() != null && (error.getMessage().startsWith("Could not initialize cluster slots cache")
                                                  || error.getMessage().startsWith("All sentinels down"))) {
            // no node answered: what the first one said (a wrong password, an untrusted certificate) is the cause
            return describe(first, endpoint, streamKey, group);
        }
        // Redis replies end with a full stop of their own: keep one sentence per part of the message
        String reply = String.valueOf(error.getMessage()).replaceAll("\\.+$", "");
        String message;
        if (error instanceof JedisAccessControlException || reply.startsWith("WRONGPASS") || reply.startsWith("NOAUTH")
                || reply.startsWith("NOPERM")) {
            message = "Redis refused the credentials or permissions of " + endpoint + ": " + reply
                      + ". Check the username and password options (or user:password in redisUri) and the user's ACL rules";
        } else if (isConnectionFailure(error)) {
            message = "Cannot reach Redis for " + endpoint + ": " + reply + (hasCause(error, SSLException.class)
                    ? ". The TLS handshake failed: check that the server speaks TLS on that port, that the option"
                      + " sslContextParameters trusts its certificate (or the certificate's CA), and that the certificate"
                      + " names the host connected to"
                    : ". Check that the server runs and that redisUri (or clusterNodes, sentinelNodes) names it");
        } else if (reply.startsWith("WRONGTYPE")) {
            message = "Key '" + streamKey + "' of " + endpoint + " holds a value that is not a stream (" + reply
                      + "). Point the endpoint at a stream key, or delete the key";
        } else if (isNoGroup(error)) {
            message = "Consumer group '" + group + "' does not exist on stream '" + streamKey + "' of " + endpoint + " ("
                      + reply + "). Set createGroup=true, or create it: XGROUP CREATE " + streamKey + " " + group + " $ MKSTREAM";
        } else {
            message = "Redis command on stream '" + streamKey + "' of " + endpoint + " failed: " + reply;
        }
        return new RedisStreamsException(message, error);
    }

    private static boolean replyStartsWith(Throwable error, String code) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
