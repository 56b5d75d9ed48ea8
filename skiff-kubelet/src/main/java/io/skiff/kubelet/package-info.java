/**
 * skiff's node agent (the kubelet's job): {@link io.skiff.kubelet.NodeAgent} registers the node, runs the pods bound
 * to it on the container runtime, reports their status and events, and serves their logs. Configured by
 * {@link io.skiff.kubelet.NodeAgentConfig}.
 */
package io.skiff.kubelet;
