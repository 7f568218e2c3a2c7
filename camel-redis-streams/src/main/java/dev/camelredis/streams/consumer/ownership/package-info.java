/**
 * Shard ownership: which member of a group reads which shard, through leases.
 */
package dev.camelredis.streams.consumer.ownership;
