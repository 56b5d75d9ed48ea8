/**
 * The kubelet's prober: one worker per probe per container ({@link io.skiff.kubelet.prober.ProbeWorker}, a virtual
 * thread) runs its startup, liveness or readiness probe every period after the initial delay, counts success and
 * failure thresholds and publishes the result ({@link io.skiff.kubelet.prober.ProbeResults}), which wakes the pod's
 * worker. {@link io.skiff.kubelet.prober.ProbeManager} creates and stops the workers and answers, through
 * {@link io.skiff.kubelet.prober.ContainerHealth}, whether a container has started, is ready, or failed a probe that
 * restarts it. {@link io.skiff.kubelet.prober.Prober} runs one probe and records the {@code Unhealthy} events.
 */
package io.skiff.kubelet.prober;
