/**
 * The scheduling framework: the small plugin interfaces (filter, score, post-filter) in the shape of the
 * Kubernetes scheduler framework, the per-cycle views of pods and nodes they work on ({@link
 * io.skiff.scheduler.framework.PodInfo}, {@link io.skiff.scheduler.framework.NodeInfo}), resource arithmetic as
 * Kubernetes computes it, and the {@link io.skiff.scheduler.framework.Placer} that runs a {@link
 * io.skiff.scheduler.framework.Profile} for one pod. Nothing here talks to the API server.
 */
package io.skiff.scheduler.framework;
