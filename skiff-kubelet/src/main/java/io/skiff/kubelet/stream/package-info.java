/**
 * The node agent's streaming endpoints, as the kubelet's: exec into a running container and attach to its main
 * process, over WebSocket ({@code v5.channel.k8s.io}, {@code v4.channel.k8s.io}) or SPDY/3.1 ({@code v4} down to
 * {@code channel.k8s.io}, kubectl 1.29 and older), and port-forward into a pod's network namespace over SPDY/3.1
 * (plain, or tunnelled in a WebSocket). {@link io.skiff.kubelet.stream.StreamSession} drives a session whatever the
 * transport ({@link io.skiff.kubelet.stream.ClientStreams}) and whatever it is connected to
 * ({@link io.skiff.kubelet.stream.RemoteCommand}). Targets are resolved from the agent's own view of its pods.
 */
package io.skiff.kubelet.stream;
