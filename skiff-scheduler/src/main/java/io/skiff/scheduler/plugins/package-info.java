/**
 * The scheduler's built-in plugins, each named and worded after the Kubernetes plugin with the same behaviour:
 * filters (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit,
 * PodTopologySpread, InterPodAffinity, plus skiff's NodeReady), scores (TaintToleration, NodeAffinity,
 * PodTopologySpread, InterPodAffinity, LeastAllocated, BalancedAllocation) and the default preemption (victim
 * selection and candidate ranking);
 * {@link io.skiff.scheduler.plugins.DefaultPlugins} assembles them into the default profile with Kubernetes' weights.
 */
package io.skiff.scheduler.plugins;
