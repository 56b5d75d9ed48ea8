/**
 * Container lifecycle hooks, as the kubelet's {@code pkg/kubelet/lifecycle} runs them: {@code postStart} right after a
 * container starts and {@code preStop} before it is stopped, each an exec in the container, an HTTP GET to the pod, or
 * a sleep ({@link io.skiff.kubelet.lifecycle.HookRunner}). When to run them, and what a failure does, is the pod
 * syncer's business.
 */
package io.skiff.kubelet.lifecycle;
