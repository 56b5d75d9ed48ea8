/**
 * Recording core/v1 Events for every skiff component (kubelet, hollow nodes, scheduler, controllers) the way
 * Kubernetes' legacy event recorder does: a bounded queue drained by virtual threads, events named
 * {@code <object>.<hex nanoseconds>} in the object's namespace ({@code default} for cluster-scoped objects), and
 * repeats of one event counted on the first by a merge patch of {@code count} and {@code lastTimestamp}. Unlike
 * Kubernetes there is no spam filter (token bucket per object), no folding of similar events with different messages
 * into one "(combined from similar events)", and a refused post is not retried: it is counted in the log.
 */
package io.skiff.events;
