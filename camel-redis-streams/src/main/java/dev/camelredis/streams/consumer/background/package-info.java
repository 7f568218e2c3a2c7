/**
 * Background jobs: the reclaimer (run by the readers between two reads) and the renewer of held entries.
 */
package dev.camelredis.streams.consumer.background;
