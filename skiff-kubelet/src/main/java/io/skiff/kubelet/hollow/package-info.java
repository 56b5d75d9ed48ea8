/**
 * Hollow nodes, as Kubernetes' kubemark has them: many simulated nodes in one process that register, keep their
 * leases, run pods on an in-memory runtime where containers start at once, and report pod statuses and events
 * through the API exactly as a node does, so that the control plane can be exercised at scale without containers.
 * Unlike real agents, the hollow nodes of one process share one API client, one pod watch (filtered locally by node),
 * one set of timers and one event queue.
 */
package io.skiff.kubelet.hollow;
