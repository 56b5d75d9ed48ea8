/**
 * One health check of a container, as the kubelet's {@code pkg/probe} runs it: a command in the container
 * ({@link io.skiff.kubelet.probe.ExecProbe}), an HTTP GET from the node to the pod's IP
 * ({@link io.skiff.kubelet.probe.HttpProbe} over {@link io.skiff.kubelet.probe.HttpGetter}), a TCP connect
 * ({@link io.skiff.kubelet.probe.TcpProbe}). Each answers a {@link io.skiff.kubelet.probe.ProbeOutcome} whose output
 * is worded as the kubelet's (Go's error texts included), since it ends up in events. Shared by the prober and the
 * lifecycle hooks.
 */
package io.skiff.kubelet.probe;
