/**
 * Reading: the loop of one group consumer ({@code ReaderLoop}) and its reads of the group ({@code GroupRead}): the
 * walk of its own pending entries, then new entries.
 */
package dev.camelredis.streams.consumer.reading;
