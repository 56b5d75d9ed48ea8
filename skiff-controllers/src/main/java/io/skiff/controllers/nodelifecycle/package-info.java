/**
 * The node lifecycle controller, as Kubernetes' {@code node-lifecycle-controller}: it watches Nodes and their Leases,
 * marks a node whose kubelet stopped reporting as {@code Ready=Unknown}, marks its pods not ready, keeps the
 * node-condition taints ({@code NoSchedule}) in step with the conditions and with {@code spec.unschedulable}, and adds
 * the {@code NoExecute} taints that make the taint eviction controller evict pods, rate-limited per zone.
 */
package io.skiff.controllers.nodelifecycle;
