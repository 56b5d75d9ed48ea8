/**
 * Pod status: the pure generator (phase, conditions, container statuses, exactly as the kubelet computes them) and
 * the status manager that writes changed statuses through the API.
 */
package io.skiff.kubelet.status;
