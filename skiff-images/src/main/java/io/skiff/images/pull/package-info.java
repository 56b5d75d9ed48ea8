/**
 * The node agent's image pull policy engine: {@link io.skiff.images.pull.PullPolicy} (Always, IfNotPresent, Never),
 * the pure {@link io.skiff.images.pull.PullPlanner} deciding what to do, the per-pod-and-image back-off
 * ({@code ErrImagePull} → {@code ImagePullBackOff}, 10s doubling to 5m), and {@link io.skiff.images.pull.ImageEnsurer}
 * that carries a decision out and reports Kubernetes' waiting reasons and event texts word for word.
 */
package io.skiff.images.pull;
