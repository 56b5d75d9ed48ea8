/**
 * The scheduler's only contact with the API server, all through the fabric8 client: the informer handlers that feed
 * the cache and the queue, the {@code pods/binding} call, core/v1 events, and the {@code PodScheduled} condition
 * patched through the status subresource.
 */
package io.skiff.scheduler.client;
