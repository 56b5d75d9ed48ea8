/**
 * The scheduler: binds pending pods to nodes, talking to the API server only through the fabric8 client. {@link
 * io.skiff.scheduler.Scheduler#start} wires the informers, the cache, the queue, the default plugin profile and the
 * scheduling loop; the subpackages hold each part.
 */
package io.skiff.scheduler;
