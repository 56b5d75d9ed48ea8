/**
 * The node agent's streaming endpoints, as the kubelet's: exec into a running container over WebSocket
 * ({@code v5.channel.k8s.io}, {@code v4.channel.k8s.io}) and port-forward into a pod's network namespace over
 * SPDY/3.1 (plain, or tunnelled in a WebSocket). Targets are resolved from the agent's own view of its pods.
 */
package io.skiff.kubelet.stream;
