/**
 * The scheduler's only contact with the API server, all through the fabric8 client: the informer handlers that feed
 * the cache and the queue, the {@code pods/binding} call, core/v1 events, the {@code PodScheduled} condition and
 * {@code nominatedNodeName} patched through the status subresource, and the eviction of preemption victims.
 */
package io.skiff.scheduler.client;
