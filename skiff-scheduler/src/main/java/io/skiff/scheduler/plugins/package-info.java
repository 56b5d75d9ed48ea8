/**
 * The scheduler's built-in plugins, each named and worded after the Kubernetes plugin with the same behaviour
 * (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, the LeastAllocated score
 * and the default preemption's diagnosis), plus skiff's NodeReady, and {@link
 * io.skiff.scheduler.plugins.DefaultPlugins} which assembles them into the default profile.
 */
package io.skiff.scheduler.plugins;
