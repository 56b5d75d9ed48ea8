/**
 * Internal: the scheduling queue, Kubernetes' three queues in one class: pods ready to try (highest priority first,
 * then oldest), pods backing off after a failed attempt, and unschedulable pods parked until the cluster changes;
 * and the nominator, which remembers the node preemption nominated each waiting pod to.
 */
package io.skiff.scheduler.queue;
