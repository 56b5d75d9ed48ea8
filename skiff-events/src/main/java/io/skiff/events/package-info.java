/**
 * Recording core/v1 Events for every skiff component (kubelet, hollow nodes, scheduler, controllers) the way
 * Kubernetes' legacy event recorder does: a bounded queue drained by virtual threads, events named
 * {@code <object>.<hex nanoseconds>}, and repeats of one event counted on the first by a merge patch.
 */
package io.skiff.events;
