/**
 * Internal: the scheduler's view of the cluster, fed by the informers: the nodes and the pods bound to them, plus
 * the pods the scheduler has just bound and the informer has not shown yet ("assumed", as Kubernetes calls them), so
 * that the next cycle does not give the same room away twice.
 */
package io.skiff.scheduler.cache;
