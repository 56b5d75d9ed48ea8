/**
 * Kubernetes' disruption controller, through the API only: it keeps each PodDisruptionBudget's status (expected,
 * healthy and desired pod counts, disruptions allowed, pods being disrupted, the {@code DisruptionAllowed} condition)
 * in step with the pods it selects, which the API server's eviction handler reads and charges. Internal to skiff.
 */
package io.skiff.controllers.disruption;
