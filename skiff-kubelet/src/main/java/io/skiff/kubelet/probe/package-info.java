/**
 * One health check of a container, as the kubelet's {@code pkg/probe} runs it: a command in the container
 * ({@link io.skiff.kubelet.probe.ExecProbe}), an HTTP GET from the node to the pod's IP
 * ({@link io.skiff.kubelet.probe.HttpProbe} over {@link io.skiff.kubelet.probe.HttpGetClient}), a TCP connect
 * ({@link io.skiff.kubelet.probe.TcpProbe}), a {@code grpc.health.v1} check ({@link io.skiff.kubelet.probe.GrpcProbe}).
 * HTTP and gRPC go through the agent's one Jetty client ({@link io.skiff.kubelet.probe.ProbeTransport}), a new
 * connection per check. Each answers a {@link io.skiff.kubelet.probe.ProbeOutcome} whose output is worded as the
 * kubelet's (Go's error texts included), since it ends up in events. Shared by the prober and the lifecycle hooks.
 */
package io.skiff.kubelet.probe;
