/** Turns every failure into the Kubernetes {@code Status} object kubectl prints (one place, one mapping). */
package io.skiff.apiserver.status;
