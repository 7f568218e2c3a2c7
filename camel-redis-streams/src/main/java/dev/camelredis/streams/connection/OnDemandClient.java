package dev.camelredis.streams.connection;

import java.util.function.Supplier;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterCommandObjects;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.csc.Cache;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * A client that connects when it is first used, and again at the next use after an attempt failed, so that an
 * endpoint starts while Redis is down and its loops reach Redis once it is back, each retrying with its own backoff.
 * Jedis' cluster and sentinel clients connect as they are built: this one builds its Jedis client only when a command
 * needs it. Commands run through that client's executeCommand and pipelines through its pipelined(); Jedis' cluster
 * helpers that split a multi-key command by slot (del, mget ... of several keys) are not covered, and the component
 * does not use them.
 */
class OnDemandClient extends UnifiedJedis {

    /** Fixed rather than probed: a client built while Redis is down could not learn what the server speaks. */
    static final RedisProtocol PROTOCOL = RedisProtocol.RESP3;

    private final Opener opener;

    private OnDemandClient(Opener opener) {
        super(opener, null, PROTOCOL, (Cache) null);
        this.opener = opener;
    }

    /**
     * @param connect builds the Jedis client once a server answered; throws the JedisException of the failed attempt
     */
    static OnDemandClient standalone(Supplier<UnifiedJedis> connect) {
        return new OnDemandClient(new Opener(connect));
    }

    static OnDemandClient cluster(Supplier<UnifiedJedis> connect) {
        return new Cluster(new Opener(connect));
    }

    /**
     * Whether the client has reached Redis since it was created.
     */
    boolean isOpen() {
        return opener.client != null;
    }

    @Override
    public AbstractPipeline pipelined() {
        return opener.client().pipelined();
    }

    /** Commands built as Jedis' cluster client builds them. */
    private static final class Cluster extends OnDemandClient {

        private Cluster(Opener opener) {
            super(opener);
        }

        @Override
        protected CommandObjects newCommandObjects(RedisProtocol protocol) {
            return new ClusterCommandObjects(protocol);
        }
    }

    /** Builds the Jedis client on the first command that finds none, and closes it with the client. */
    private static final class Opener implements CommandExecutor {

        private final Supplier<UnifiedJedis> connect;
        private volatile UnifiedJedis client;
        private boolean closed;

        private Opener(Supplier<UnifiedJedis> connect) {
            this.connect = connect;
        }

        UnifiedJedis client() {
            UnifiedJedis open = client;
            if (open != null) {
                return open;
            }
            synchronized (this) {
                if (closed) {
                    throw new JedisConnectionException("The endpoint's Redis client is closed");
                }
                if (client == null) {
                    client = connect.get();
                }
                return client;
            }
        }

        @Override
        public <T> T executeCommand(CommandObject<T> command) {
            return client().executeCommand(command);
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (client != null) {
                client.close();
            }
        }
    }
}
