/**
 * The consumer: one entry's path through it, class by class.
 *
 * <ol>
 * <li>{@link dev.camelredis.streams.consumer.RedisStreamsConsumer} is the Camel consumer: it builds one
 * {@link dev.camelredis.streams.consumer.ShardConsumer} per stream key (the stream, or each of its shards) and the
 * thread pools, and stops them in order. The parts see it only as a {@link dev.camelredis.streams.consumer.ConsumerHost}.</li>
 * <li>{@code reading}: per consumer name, a {@code ReaderLoop} waits for room, lets the key's {@code Reclaimer} claim a
 * page when one is due, then asks its {@code GroupRead} for entries: first a walk of the own pending entries
 * ({@code XPENDING}, then {@code XCLAIM} of those not held here), then new ones ({@code XREADGROUP ... >}).</li>
 * <li>{@code delivery}: every entry taken is held in the key's {@code DeliveryLedger} from its read to its
 * {@code XACK}. {@code PendingTakeOver} decides per pending entry (skip what is held, dead-letter what was routed
 * {@code maxDeliveries} times through {@code DeadLetters}, claim the rest). The {@code DeliveryDispatcher} routes each
 * entry once a {@code maxInFlight} slot is free; {@code DeliveryLifecycle} maps it to an exchange
 * ({@code DeliveryMapper}) and hears of its end ({@code DeliveryCompletion}, or {@code ManualAcknowledgement}).</li>
 * <li>{@code acknowledging}: the {@code Acknowledger} sends the queued IDs, many per {@code XACK}, and tells the ledger
 * once Redis confirmed them.</li>
 * <li>{@code background}: the {@code InFlightRenewer} keeps held entries from looking idle ({@code XCLAIM ... JUSTID})
 * and gives up those held longer than {@code maxRenewalTime}; the {@code Reclaimer} finds entries idle for
 * {@code claimMinIdleTime} ({@code XPENDING ... IDLE}) for the readers to take over.</li>
 * <li>{@code ownership}: with {@code shardOwnership}, {@code ShardOwnership} and {@code ShardLease} decide which
 * member reads which shard.</li>
 * </ol>
 */
package dev.camelredis.streams.consumer;
