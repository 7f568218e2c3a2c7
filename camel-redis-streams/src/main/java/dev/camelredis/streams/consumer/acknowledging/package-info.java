/**
 * Acknowledging: the ack path that sends completed entries' IDs in batched {@code XACK}s.
 */
package dev.camelredis.streams.consumer.acknowledging;
