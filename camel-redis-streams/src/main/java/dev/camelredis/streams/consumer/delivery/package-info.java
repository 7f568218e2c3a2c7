/**
 * Delivery: the ledger of the entries a consumer holds, the per-entry decisions on pending entries, dead letters, and
 * the routing of each entry under the {@code maxInFlight} bound up to its completion.
 */
package dev.camelredis.streams.consumer.delivery;
